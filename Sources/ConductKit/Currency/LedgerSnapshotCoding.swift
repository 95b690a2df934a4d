extension LedgerSnapshot {
    /// Little-endian lengths and numbers, strings as a length and UTF-8.
    struct Encoder {
        var bytes: [UInt8] = []

        mutating func byte(_ value: UInt8) { bytes.append(value) }

        mutating func u32(_ value: Int) {
            let value = UInt32(truncatingIfNeeded: value)
            for shift in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(shift)))) }
        }

        mutating func i64(_ value: Int64) {
            let value = UInt64(bitPattern: value)
            for shift in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(shift)))) }
        }

        mutating func string(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                u32(utf8.count)
                bytes.append(contentsOf: utf8)
            }
        }

        mutating func optionalString(_ text: String?) {
            byte(text == nil ? 0 : 1)
            if let text { string(text) }
        }

        mutating func optionalStrings(_ list: [String]?) {
            byte(list == nil ? 0 : 1)
            guard let list else { return }
            u32(list.count)
            list.forEach { string($0) }
        }

        mutating func time(_ time: Timestamp) {
            i64(time.seconds)
            u32(time.milliseconds)
            u32(Int(time.offsetMinutes))
        }

        mutating func optionalTime(_ time: Timestamp?) {
            byte(time == nil ? 0 : 1)
            if let time { self.time(time) }
        }

        mutating func problems(_ problems: [LedgerProblem]) {
            u32(problems.count)
            for problem in problems {
                string(problem.path)
                string(problem.problem)
            }
        }
    }

    /// Reads what `Encoder` wrote; every read is bounds-checked and gives nil past the end.
    struct Reader {
        let buffer: UnsafeBufferPointer<UInt8>
        private(set) var offset: Int
        let end: Int

        init(_ buffer: UnsafeBufferPointer<UInt8>, from offset: Int, to end: Int) {
            self.buffer = buffer
            self.offset = offset
            self.end = min(end, buffer.count)
        }

        mutating func skip(_ count: Int) -> Bool {
            guard count >= 0, count <= end - offset else { return false }
            offset += count
            return true
        }

        mutating func byte() -> UInt8? {
            guard offset < end else { return nil }
            defer { offset += 1 }
            return buffer[offset]
        }

        mutating func u32() -> UInt32? {
            guard end - offset >= 4 else { return nil }
            var value: UInt32 = 0
            for shift in 0..<4 { value |= UInt32(buffer[offset + shift]) << (8 * UInt32(shift)) }
            offset += 4
            return value
        }

        mutating func i64() -> Int64? {
            guard end - offset >= 8 else { return nil }
            var value: UInt64 = 0
            for shift in 0..<8 { value |= UInt64(buffer[offset + shift]) << (8 * UInt64(shift)) }
            offset += 8
            return Int64(bitPattern: value)
        }

        mutating func string() -> String? {
            guard let length = u32(), Int(length) <= end - offset else { return nil }
            defer { offset += Int(length) }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[offset..<(offset + Int(length))]), as: UTF8.self)
        }

        mutating func optionalString() -> String?? {
            guard let flag = byte() else { return nil }
            guard flag == 1 else { return .some(nil) }
            return string().map { .some($0) }
        }

        mutating func optionalStrings() -> [String]?? {
            guard let flag = byte() else { return nil }
            guard flag == 1 else { return .some(nil) }
            guard let count = u32(), Int(count) <= end - offset else { return nil }
            var list: [String] = []
            for _ in 0..<count {
                guard let item = string() else { return nil }
                list.append(item)
            }
            return .some(list)
        }

        mutating func time() -> Timestamp? {
            guard let seconds = i64(), let milliseconds = u32(), let offset = u32() else { return nil }
            return Timestamp(seconds: seconds, milliseconds: Int(milliseconds), offsetMinutes: Int32(bitPattern: offset))
        }

        mutating func optionalTime() -> Timestamp?? {
            guard let flag = byte() else { return nil }
            guard flag == 1 else { return .some(nil) }
            return time().map { .some($0) }
        }

        mutating func problems() -> [LedgerProblem]? {
            guard let count = u32(), Int(count) <= end - offset else { return nil }
            var problems: [LedgerProblem] = []
            for _ in 0..<count {
                guard let path = string(), let problem = string() else { return nil }
                problems.append(LedgerProblem(path: path, problem: problem))
            }
            return problems
        }

        mutating func part() -> (state: LedgerSnapshot.Part.State, tree: String, range: Range<Int>)? {
            guard let raw = byte(), let state = LedgerSnapshot.Part.State(rawValue: raw), let tree = string(),
                  let length = u32(), Int(length) <= end - offset else { return nil }
            let range = offset..<(offset + Int(length))
            offset += Int(length)
            return (state, tree, range)
        }
    }
}
