/// One entry of a git tree: a name within the directory, the object it points at, and its mode.
public struct TreeEntry: Sendable, Equatable {
    /// The file or directory name: not empty, no `/`, no NUL, not `.` or `..` (nor `.git`, which libgit2 refuses).
    public var name: String
    /// The blob, tree or (for `.commit`) submodule commit the entry points at.
    public var id: ObjectID
    /// The entry's file mode.
    public var mode: TreeEntryMode

    /// Creates an entry. No libgit2 call.
    public init(name: String, id: ObjectID, mode: TreeEntryMode) {
        self.name = name
        self.id = id
        self.mode = mode
    }
}
