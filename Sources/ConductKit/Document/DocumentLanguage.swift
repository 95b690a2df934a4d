/// The language and writing direction a document is read in, as the site declares them
/// (`<html lang dir>`), so that Arabic, Hebrew and Persian read right to left.
public struct DocumentLanguage: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable, CaseIterable { case ltr, rtl }

    /// A BCP 47 tag (`ar`, `he`, `fa`, `ja`, `en`…).
    public var tag: String
    public var direction: Direction

    public init(tag: String, direction: Direction) {
        self.tag = tag
        self.direction = direction
    }

    /// The language of `document`: front matter `lang` (or `language`) and `dir` when it has
    /// them, else what the script of its text tells (Arabic, Hebrew, Syriac, Thaana and N'Ko
    /// are written right to left); English when nothing tells otherwise.
    public static func of(_ document: Document) -> DocumentLanguage {
        let declared = (document.frontMatter?["lang"] ?? document.frontMatter?["language"]).flatMap(validTag)
        let guessed = guess(document.text.utf8.count > 1 << 16 ? String(document.text.prefix(1 << 16)) : document.text)
        let tag = declared ?? guessed.tag
        let direction = document.frontMatter?["dir"].flatMap { Direction(rawValue: $0.lowercased()) }
            ?? (declared.map(direction(of:)) ?? guessed.direction)
        return DocumentLanguage(tag: tag, direction: direction)
    }

    /// The direction a language tag's script is written in: `ar`, `he`, `fa`, `ur`, … and any
    /// tag with a right-to-left script subtag (`ku-Arab`) are right to left.
    public static func direction(of tag: String) -> Direction {
        let parts = tag.lowercased().split(separator: "-")
        guard let primary = parts.first else { return .ltr }
        if parts.dropFirst().contains(where: { ["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"].contains($0) }) { return .rtl }
        if parts.dropFirst().contains(where: { $0.count == 4 }) { return .ltr }
        let rtl: Set<Substring> = ["ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "nqo", "prs", "ps", "sd", "syr", "ug", "ur", "yi"]
        return rtl.contains(primary) ? .rtl : .ltr
    }

    /// `tag` when it reads as a BCP 47 tag (letters, digits and hyphens, starting with 2–8 letters).
    public static func validTag(_ tag: String) -> String? {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = parts.first, (2...8).contains(primary.count),
              primary.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) }),
              parts.allSatisfy({ (1...8).contains($0.count) && $0.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) } })
        else { return nil }
        return tag
    }

    /// The language most letters of `text` are written in, by script.
    static func guess(_ text: String) -> DocumentLanguage {
        var counts: [String: Int] = [:]
        var persian = 0, urdu = 0
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            let value = scalar.value
            let script: String
            switch value {
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: script = "en"
            case 0x0590...0x05FF, 0xFB1D...0xFB4F: script = "he"
            case 0x0600...0x06FF, 0x0750...0x077F, 0x08A0...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF:
                script = "ar"
                switch value {
                case 0x067E, 0x0686, 0x0698, 0x06AF, 0x06A9, 0x06CC: persian += 1
                case 0x0679, 0x0688, 0x0691, 0x06BA, 0x06BE, 0x06C1, 0x06D2: urdu += 1
                default: break
                }
            case 0x0700...0x074F: script = "syr"
            case 0x0780...0x07BF: script = "dv"
            case 0x07C0...0x07FF: script = "nqo"
            case 0x3040...0x30FF, 0x31F0...0x31FF: script = "ja"
            case 0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F: script = "ko"
            case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF: script = "zh"
            case 0x0E00...0x0E7F: script = "th"
            case 0x0370...0x03FF: script = "el"
            default: script = "other"
            }
            counts[script, default: 0] += 1
        }
        // Japanese mixes kana with Han characters; any run of kana makes it Japanese.
        if let kana = counts["ja"], kana > 0, let han = counts.removeValue(forKey: "zh") { counts["ja"] = kana + han }
        guard let (script, _) = counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })
        else { return DocumentLanguage(tag: "en", direction: .ltr) }
        // A script without a language of its own here (Cyrillic, Devanagari…): undetermined.
        var tag = script == "other" ? "und" : script
        if script == "ar" { tag = urdu > 0 && urdu >= persian / 2 ? "ur" : persian > 0 ? "fa" : "ar" }
        return DocumentLanguage(tag: tag, direction: direction(of: tag))
    }
}
