extension ImportReport {
    /// Every source revision and every translated revision was imported: none was skipped. An
    /// import that skipped any fails, though what it could read was written. (A file whose
    /// language cannot be told is not taken for a translation: it is listed, and fails nothing.)
    public var isComplete: Bool { skipped.isEmpty && skippedTranslatedRevisions == 0 }
}
