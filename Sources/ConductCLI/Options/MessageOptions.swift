import ArgumentParser
import ConductKit

extension Comment.Role: ExpressibleByArgument {}

/// `--message TEXT` or `--file FILE`.
struct MessageOptions: ParsableArguments {
    @Option(help: "The message.") var message: String?
    @Option(help: ArgumentHelp("Read the message from a file (- for standard input).", valueName: "FILE")) var file: String?

    func read() throws -> String {
        switch (message, file) {
        case (let message?, nil): return message
        case (nil, let file?): return String(decoding: try readInput(file), as: UTF8.self)
        default: throw CommandFailure(message: "give exactly one of --message TEXT or --file FILE", code: 64)
        }
    }
}
