#if canImport(Glibc)
import Glibc
#endif
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where output goes: data to standard output, diagnostics to standard error.
enum Terminal {
    /// Writes all of `bytes` to a file descriptor, across partial writes and interruptions.
    static func write(_ bytes: some Collection<UInt8>, to descriptor: Int32) {
        let data = Array(bytes)
        var offset = 0
        while offset < data.count {
            let written = data.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                return Glibc.write(descriptor, base + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return  // a closed pipe: nothing more can be said
            }
            offset += written
        }
    }

    /// Every write but the progress line's own erases that line first: when standard output
    /// and standard error share a terminal, nothing lands in the middle of it.
    static func write(_ text: String) {
        ProgressLine.clear()
        write(text.utf8, to: STDOUT_FILENO)
    }

    static func line(_ text: String = "") {
        write(text + "\n")
    }

    static func writeBytes(_ bytes: [UInt8]) {
        ProgressLine.clear()
        write(bytes, to: STDOUT_FILENO)
    }

    static func error(_ message: String) {
        ProgressLine.clear()
        write("conduct: error: \(message)\n".utf8, to: STDERR_FILENO)
    }

    static func note(_ message: String) {
        ProgressLine.clear()
        write("\(message)\n".utf8, to: STDERR_FILENO)
    }

    /// Writes a value as JSON, the one way every listing is written: sorted keys, two-space
    /// indentation, `"key" : value`, a final newline, in pieces as it goes.
    static func json(_ value: JSONValue, empty: JSONValue.EmptyContainers = .closed) {
        value.writePretty(empty: empty) { writeBytes($0) }
        line()
    }

    /// Writes an `Encodable` view as JSON through the same writer. These views have always
    /// printed an empty array or object opened on a blank line (`[\n\n  ]`), and still do.
    static func json(_ value: some Encodable) throws {
        json(try JSONValueEncoder.encode(value), empty: .open)
    }

    /// Everything on standard input.
    static func readStandardInput() -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return result }
            result.append(contentsOf: buffer[0..<count])
        }
    }
}
