import Foundation
import Testing

/// A mistyped command is answered as a mistyped option is: a usage error (exit 64) naming the
/// nearest commands, at any depth, also after `help`.
@Suite("Unknown commands")
struct UnknownCommandTests {
    /// `conduct ARGS`, which must fail as bad usage, printing nothing on standard output; its message.
    static func refused(_ arguments: [String]) throws -> String {
        let result = try CLI.conduct(arguments)
        #expect(result.status == 64, "\(arguments): exit \(result.status), \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout.prefix(200))")
        return result.stderr
    }

    @Test func aMistypedCommandSuggestsTheNearest() throws {
        let message = try Self.refused(["shwo"])
        #expect(message.contains("unknown command 'shwo'") && message.contains("did you mean 'show'?"), "\(message)")
        #expect(message.contains("conduct help"))
        #expect(try Self.refused(["sttaus", "--format", "json"]).contains("did you mean 'status'?"))
        // The start of a name is enough to be pointed to it.
        #expect(try Self.refused(["sta"]).contains("did you mean 'status'?"))
        // Nothing near: the way to every name.
        let far = try Self.refused(["xyzzy"])
        #expect(far.contains("unknown command 'xyzzy'") && !far.contains("did you mean") && far.contains("'conduct help'"), "\(far)")
    }

    @Test func aMistypedNestedCommandSuggestsTheNearestThere() throws {
        let message = try Self.refused(["signatory", "ad", "acme"])
        #expect(message.contains("unknown command 'signatory ad'") && message.contains("did you mean 'signatory add'?"), "\(message)")
        #expect(try Self.refused(["signatory", "key", "revok"]).contains("did you mean 'signatory key revoke'?"))
        // Nothing near: the commands there are.
        let far = try Self.refused(["remote", "zzzz"])
        #expect(far.contains("add, remove and list") && far.contains("conduct help remote"), "\(far)")
    }

    @Test func helpForAnUnknownCommandIsAUsageError() throws {
        let message = try Self.refused(["help", "shwo"])
        #expect(message.contains("did you mean 'show'?"), "\(message)")
        #expect(try Self.refused(["help", "signatory", "ad"]).contains("did you mean 'signatory add'?"))

        let status = try CLI.succeed(try CLI.conduct(["help", "status"]))
        #expect(status.stdout.contains("USAGE: conduct status"), "\(status.stdout)")
        let nested = try CLI.succeed(try CLI.conduct(["help", "signatory", "add"]))
        #expect(nested.stdout.contains("USAGE: conduct signatory add"), "\(nested.stdout)")
        #expect(try CLI.succeed(try CLI.conduct(["help"])).stdout.contains("SUBCOMMANDS:"))
        #expect(try CLI.succeed(try CLI.conduct(["help", "help"])).stdout.contains("USAGE: conduct help"))
    }

    /// Options are still the parser's: a mistyped one is refused with its nearest name.
    @Test func aMistypedOptionIsStillAUsageError() throws {
        #expect(try Self.refused(["diff", "--formt", "json"]).contains("Did you mean '--format'?"))
        _ = try Self.refused(["--formt"])
        #expect(try CLI.succeed(try CLI.conduct(["--version"])).stdout.hasPrefix("0."))
    }
}
