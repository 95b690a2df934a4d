extension StringProtocol {
    /// The text with its first letter in upper case.
    public var capitalizedFirstLetter: String { prefix(1).uppercased() + dropFirst() }
}
