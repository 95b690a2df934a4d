extension LedgerSnapshot {
    // MARK: Decoding parts

    /// The signatory a part holds (nil: the folder holds no registration), or nil when it does not read.
    static func signatory(_ part: Part) -> Signatory?? {
        guard part.state == .present else { return .some(nil) }
        return part.payload.withUnsafeBufferPointer { buffer -> Signatory?? in
            var reader = Reader(buffer, from: 0, to: buffer.count)
            guard reader.problems() != nil, let has = reader.byte() else { return nil }
            guard has == 1 else { return .some(nil) }
            guard let id = reader.string(), let name = reader.string(), let kindByte = reader.string(),
                  let kind = Signatory.Kind(rawValue: kindByte), let registered = reader.time(),
                  let representativeCount = reader.u32() else { return nil }
            var representatives: [Identity] = []
            for _ in 0..<representativeCount {
                guard let name = reader.string(), let email = reader.string() else { return nil }
                representatives.append(Identity(name: name, email: email))
            }
            guard let keyCount = reader.u32() else { return nil }
            var keys: [Signatory.Key] = []
            for _ in 0..<keyCount {
                guard let line = reader.string(), let fingerprint = reader.string(), let added = reader.time(),
                      let revoked = reader.optionalTime() else { return nil }
                keys.append(Signatory.Key(line: line, fingerprint: fingerprint, added: added, revoked: revoked))
            }
            return .some(Signatory(id: id, name: name, kind: kind, representatives: representatives, registered: registered, keys: keys))
        }
    }

    /// The checked attestations a part holds, or nil when it does not read.
    static func attestations(_ part: Part) -> [CheckedAttestation]? {
        guard part.state == .present else { return [] }
        return part.payload.withUnsafeBufferPointer { buffer -> [CheckedAttestation]? in
            var reader = Reader(buffer, from: 0, to: buffer.count)
            guard reader.problems() != nil, let count = reader.u32() else { return nil }
            var result: [CheckedAttestation] = []
            result.reserveCapacity(Int(count))
            for _ in 0..<count {
                guard let id = reader.string(), let signatory = reader.string(), let time = reader.time(),
                      let revision = reader.string(), let version = reader.optionalString(), let document = reader.string(),
                      let fingerprints = reader.string(), let scope = reader.optionalStrings(),
                      let statement = reader.optionalString(), let language = reader.optionalString(),
                      let translation = reader.optionalString(), let translationSHA256 = reader.optionalString(),
                      let name = reader.string(), let email = reader.string(),
                      let key = reader.string(), let problem = reader.optionalString(), let withdrawalCount = reader.u32() else { return nil }
                var withdrawals: [Attestation.Withdrawal] = []
                var verdicts: [String?] = []
                for _ in 0..<withdrawalCount {
                    guard let id = reader.string(), let time = reader.time(), let key = reader.string(),
                          let verdict = reader.optionalString() else { return nil }
                    withdrawals.append(Attestation.Withdrawal(id: id, time: time, key: key))
                    verdicts.append(verdict)
                }
                let attestation = Attestation(id: id, signatory: signatory, time: time, revision: revision, version: version,
                                              document: document, fingerprints: fingerprints, scope: scope, statement: statement,
                                              language: language, translation: translation, translationSHA256: translationSHA256,
                                              by: Identity(name: name, email: email), key: key, withdrawals: withdrawals)
                result.append(CheckedAttestation(attestation: attestation, problem: problem, withdrawalProblems: verdicts))
            }
            return result
        }
    }

    /// The problems recorded in a part.
    static func problems(_ part: Part) -> [LedgerProblem] {
        guard part.state == .present else { return [] }
        return part.payload.withUnsafeBufferPointer { buffer in
            var reader = Reader(buffer, from: 0, to: buffer.count)
            return reader.problems() ?? []
        }
    }

    // MARK: Encoding parts

    static func encode(signatory: Signatory?, problems: [LedgerProblem]) -> [UInt8] {
        var out = Encoder()
        out.problems(problems)
        guard let signatory else {
            out.byte(0)
            return out.bytes
        }
        out.byte(1)
        out.string(signatory.id)
        out.string(signatory.name)
        out.string(signatory.kind.rawValue)
        out.time(signatory.registered)
        out.u32(signatory.representatives.count)
        for representative in signatory.representatives {
            out.string(representative.name)
            out.string(representative.email)
        }
        out.u32(signatory.keys.count)
        for key in signatory.keys {
            out.string(key.line)
            out.string(key.fingerprint)
            out.time(key.added)
            out.optionalTime(key.revoked)
        }
        return out.bytes
    }

    static func encode(attestations: [CheckedAttestation], problems: [LedgerProblem]) -> [UInt8] {
        var out = Encoder()
        out.problems(problems)
        out.u32(attestations.count)
        for checked in attestations {
            let a = checked.attestation
            out.string(a.id)
            out.string(a.signatory)
            out.time(a.time)
            out.string(a.revision)
            out.optionalString(a.version)
            out.string(a.document)
            out.string(a.fingerprints)
            out.optionalStrings(a.scope)
            out.optionalString(a.statement)
            out.optionalString(a.language)
            out.optionalString(a.translation)
            out.optionalString(a.translationSHA256)
            out.string(a.by.name)
            out.string(a.by.email)
            out.string(a.key)
            out.optionalString(checked.problem)
            out.u32(a.withdrawals.count)
            for (withdrawal, verdict) in zip(a.withdrawals, checked.withdrawalProblems) {
                out.string(withdrawal.id)
                out.time(withdrawal.time)
                out.string(withdrawal.key)
                out.optionalString(verdict)
            }
        }
        return out.bytes
    }
}
