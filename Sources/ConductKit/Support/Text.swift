extension StringProtocol {
    /// The text with its first letter in upper case.
    public var capitalizedFirstLetter: String { prefix(1).uppercased() + dropFirst() }
}

extension Int {
    /// The count and its noun, singular for one: `1 clause`, `3 clauses`, `2 replies` (given the
    /// plural when it is not the singular with an `s`).
    public func counting(_ singular: String, plural: String? = nil) -> String {
        "\(self) " + (self == 1 ? singular : plural ?? singular + "s")
    }
}
