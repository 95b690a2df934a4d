/// A BCP 47 language tag a translation is known by (`ja`, `fr`, `pt-BR`, `zh-Hant`, `es-419`),
/// in its canonical case: the language lower case, a script title case, a region upper case.
///
/// The language subtag must be one a reader knows: an ISO 639-1 code, or one of the ISO 639-2/3
/// codes codes of conduct are translated into, so that a typing slip (`jp`, `cz`, `en_US`) is
/// refused with the tag that was probably meant instead of becoming a language of its own.
public struct LanguageTag: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The tag in canonical case.
    public let value: String

    public var description: String { value }
    /// The name of the tag's folder in the ledger: the tag in lower case (tags ignore case).
    public var key: String { value.lowercased() }
    public var direction: DocumentLanguage.Direction { DocumentLanguage.direction(of: value) }

    public static func < (lhs: LanguageTag, rhs: LanguageTag) -> Bool { lhs.value < rhs.value }

    /// Reads `text` as a tag, or says why it is not one (with the tag probably meant).
    public init(parsing text: String) throws(ConductError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        func refuse(_ why: String) -> ConductError { .unknownLanguage(text, reason: why) }
        guard !text.isEmpty else { throw refuse("it is empty") }
        if text.contains("_") {
            throw refuse("BCP 47 tags separate their parts with '-': \(String(text.map { $0 == "_" ? "-" : $0 }))")
        }
        guard parts.allSatisfy({ (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }) else {
            throw refuse("a tag is letters and digits in parts of 1 to 8, joined by '-'")
        }
        let primary = parts[0].lowercased()
        guard primary.count >= 2, primary.count <= 3, primary.allSatisfy(\.isLetter) else {
            throw refuse("its language part '\(parts[0])' is not a two- or three-letter ISO 639 code")
        }
        if let meant = LanguageTag.slips[primary] {
            throw refuse("'\(primary)' is a country code, not a language; the language is probably '\(meant)'")
        }
        if let short = LanguageTag.twoLetter[primary] {
            throw refuse("'\(primary)' has the two-letter code '\(short)', which BCP 47 uses instead")
        }
        guard LanguageTag.known.contains(primary) else {
            throw refuse("'\(primary)' is not an ISO 639 language code this tool knows")
        }
        var canonical = [primary]
        for part in parts.dropFirst() {
            let lower = part.lowercased()
            if canonical.count == 1, part.count == 4, part.allSatisfy(\.isLetter) {
                canonical.append(lower.prefix(1).uppercased() + lower.dropFirst())   // a script: Hant
            } else if part.count == 2, part.allSatisfy(\.isLetter) {
                canonical.append(lower.uppercased())                                 // a region: BR
            } else {
                canonical.append(lower)                                              // 419, variants
            }
        }
        value = canonical.joined(separator: "-")
    }

    /// Country codes written where a language was meant.
    static let slips: [String: String] = [
        "jp": "ja", "cz": "cs", "dk": "da", "gr": "el", "se": "sv", "ua": "uk", "cn": "zh", "tw": "zh-Hant",
        "kr": "ko", "br": "pt-BR", "il": "he", "ir": "fa", "vn": "vi", "rs": "sr", "si": "sl", "ee": "et",
    ]

    /// Three-letter ISO 639-2 codes (bibliographic and terminological) of languages that have a
    /// two-letter code, which BCP 47 requires in their place: `glg` is written `gl`.
    static let twoLetter: [String: String] = {
        let pairs = """
        amh am ara ar ben bn bul bg cat ca ces cs cze cs dan da deu de ger de ell el gre el eng en est et eus eu baq eu
        fas fa per fa fin fi fra fr fre fr gle ga glg gl guj gu heb he hin hi hrv hr hun hu hye hy arm hy ind id isl is
        ice is ita it jpn ja kan kn kat ka geo ka kaz kk khm km kor ko lav lv lit lt mal ml mar mr mkd mk mac mk msa ms
        may ms mya my bur my nep ne nld nl dut nl nor no pan pa pol pl por pt ron ro rum ro rus ru sin si slk sk slo sk
        slv sl spa es sqi sq alb sq srp sr swa sw swe sv tam ta tel te tha th tur tr ukr uk urd ur uzb uz vie vi zho zh
        chi zh cym cy wel cy
        """.split(whereSeparator: \.isWhitespace).map(String.init)
        return Dictionary(uniqueKeysWithValues: stride(from: 0, to: pairs.count, by: 2).map { (pairs[$0], pairs[$0 + 1]) })
    }()

    /// ISO 639-1, and ISO 639-2/3 codes of languages without a two-letter code that codes of
    /// conduct are published in.
    static let known: Set<String> = Set("""
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en
    eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv
    ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne
    ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st
    su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
    ast bal bem ceb chr ckb cmn crh dsb fil fur gsw hak haw hmn hsb ilo jbo kab kmr lad lld lmo mai mni mos nan nap
    nds nso pap pcm prs rom sah scn sco shn szl tet tpi tzm yue zza
    """.split(whereSeparator: \.isWhitespace).map(String.init))
}
