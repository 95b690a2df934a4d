import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Conduct {
    struct Attest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "attest",
            abstract: "Sign an attestation that a signatory adheres to a revision (whole, or named clauses).",
            discussion: """
                The attestation is an SSHSIG signature (namespace conduct-attestation) over the record without \
                its signature: signatory, revision commit, document SHA-256, the clause fingerprints in scope, \
                time and statement. ssh-keygen -Y verify checks it. Keys are unencrypted OpenSSH Ed25519 keys, \
                from 'conduct keys generate' or 'ssh-keygen -t ed25519 -N ""'. With --lang the signatory read the \
                text in that language: the translation that stands for the revision (its own, or the latest of an \
                earlier revision), whose record id and SHA-256 are signed too (language, translation, \
                translationSha256); status then says which clauses that text had not caught up with.
                """)

        @Argument(help: ArgumentHelp("The signatory.", valueName: "SIGNATORY")) var signatory: String
        @Option(help: ArgumentHelp("The revision attested (default: main).", valueName: "REV")) var revision: String?
        @Option(help: ArgumentHelp("Only these clauses, comma-separated (default: the whole document).", valueName: "ID,ID,..."))
        var clauses: String?
        @Option(help: ArgumentHelp("The private key to sign with.", valueName: "PRIVATE_KEY")) var key: String
        @Option(help: ArgumentHelp("The language the signatory read the revision in (a BCP 47 tag with a translation).",
                                   valueName: "LANG")) var lang: String?
        @Option(help: "A statement signed with the attestation.") var statement: String?
        @Flag(help: "Withdraw the signatory's attestation in force instead.") var withdraw = false
        @OptionGroup var authorship: AuthorshipOptions
        @OptionGroup var options: StoreOptions

        func validate() throws {
            if withdraw, revision != nil || clauses != nil || statement != nil || lang != nil {
                throw ValidationError("--withdraw takes only --key (and --as, --date)")
            }
        }

        func run() throws {
            let store = try options.openForWriting()
            let signer = try readPrivateKey(key)
            let who = try store.signer(for: signatory, given: try authorship.authorship(store: store),
                                       named: authorship.identity != nil)
            if withdraw {
                let id = try store.withdrawAttestation(signatory, key: signer, keyFile: key, authorship: who)
                Terminal.line("Withdrew the attestation of \(signatory) (record \(id.prefix(10)))")
                return
            }
            let scope = try clauses.map { list in
                let ids = list.split(separator: ",").map { $0.trimmingSuffix(while: \.isWhitespace).drop { $0 == " " } }.map(String.init)
                guard !ids.isEmpty, !ids.contains(where: \.isEmpty) else { throw ConductError.emptyField("--clauses") }
                return ids
            }
            let recorded = try store.attest(signatory, revision: revision, clauses: scope, language: lang, key: signer, keyFile: key,
                                            statement: statement, authorship: who)
            recorded.writeText()
        }
    }
}
