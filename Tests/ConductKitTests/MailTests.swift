import ConductKit
import Foundation
import TestPeers
import Testing

/// Messages as RFC 5322, RFC 2047 and mbox readers take them, read back by Python's email package.
@Suite("Mail messages")
struct MailTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scripts/read-mail").path

    static func read(_ kind: String, _ bytes: [UInt8]) throws -> [[String: Any]] {
        let directory = try TemporaryDirectory()
        let path = try directory.write("messages", bytes: bytes)
        let result = try Subprocess.run("/usr/bin/env", ["python3", script, kind, path])
        try #require(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: result.stdoutBytes) as? [[String: Any]])
    }

    static let message = MailMessage(
        from: Identity(name: "Secretariat, G7 \"Code\" Office", email: "office@g7.example"),
        to: Identity(name: "佐藤 一郎 (Sato Ichiro) of the International Organisation for Extremely Long Names", email: "ichiro@example.jp"),
        subject: "広島AIプロセス 高度なAIシステムを開発する組織向けの国際行動規範 v1.2: the attestation of 株式会社テスト is stale",
        date: Timestamp(seconds: 1_738_922_400, offsetMinutes: 540), messageID: "conduct-remind.0123@g7.example",
        body: "From the secretariat:\n>From an earlier letter\n" + String(repeating: "長い行", count: 400) + "\n.\nend\n")

    @Test func headersDecodeAsWrittenAndFoldWithinTheirLimits() throws {
        let read = try #require(try Self.read("eml", Self.message.rendered()).first)
        #expect(read["subject"] as? String == Self.message.subject)
        #expect((read["to"] as? [[String: String]])?.first == ["name": Self.message.to.name, "address": Self.message.to.email])
        #expect((read["from"] as? [[String: String]])?.first == ["name": Self.message.from.name, "address": Self.message.from.email])
        #expect(read["date"] as? String == "2025-02-07T19:00:00+09:00")
        #expect(read["defects"] as? [String] == [])
        #expect(read["headerASCII"] as? Bool == true && read["lineEndsOnly"] as? Bool == true)
        #expect((read["longestHeaderLine"] as? Int ?? 999) <= 76)
        // A text line longer than 998 octets is cut between characters, and reads back whole.
        #expect((read["longestLine"] as? Int ?? 999) <= 998)
        // No line is a lone dot, which `sendmail -t` would take for the end of the message.
        #expect((read["bodyLines"] as? [String])?.contains(".") == false)
        #expect((read["body"] as? String)?.replacingOccurrences(of: "\n", with: "").contains(String(repeating: "長い行", count: 400)) == true)
    }

    @Test func anMboxQuotesFromLinesAndHoldsEachMessage() throws {
        var second = Self.message
        second.to = Identity(name: "Ann Rep", email: "ann@example.org")
        let read = try Self.read("mbox", Mailbox.mbox([Self.message, second]))
        #expect(read.count == 2)
        #expect(read.compactMap { ($0["to"] as? [[String: String]])?.first?["address"] } == ["ichiro@example.jp", "ann@example.org"])
        for message in read {
            #expect(message["fromLine"] as? String == "office@g7.example Fri Feb  7 10:00:00 2025")
            let lines = message["bodyLines"] as? [String] ?? []
            #expect(lines.prefix(2) == [">From the secretariat:", ">>From an earlier letter"])
            #expect(message["lineEndsOnly"] as? Bool == true && message["defects"] as? [String] == [])
        }
    }
}
