#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
internal import Git

/// The façade every command goes through: one git repository holding a code of conduct.
///
/// A `Store` is used from one thread; several processes may use one store at once, since every
/// write moves its refs by compare-and-swap.
public final class Store {
    public static let mainReference = "refs/heads/main"
    public static let defaultDocumentName = "CODE_OF_CONDUCT.md"
    static let documentNameKey = "conduct.document"

    let repository: Repository
    /// The store's git directory.
    public let path: String
    /// The document's file name in every revision's tree.
    public let documentName: String
    /// Ledger files the reads so far skipped as not being valid records where they lie; the
    /// CLI warns of them (`verify` names every one).
    public internal(set) var skippedRecords: [LedgerProblem] = []
    /// The write lease this store holds once it began writing (`prepareWrite`).
    var lease: WriteLease?
    var writePrepared = false
    /// The secretariat's private key file for acts it signs (nil: the one the config names).
    public var secretariatKeyFile: String?
    /// The secretariat key a new store was given or generated (`init`, `import` of a new store).
    public internal(set) var createdSecretariatKey: SecretariatKeySetup?

    init(repository: Repository, documentName: String) {
        self.repository = repository
        self.path = repository.gitDirectory
        self.documentName = documentName
    }

    /// Opens the store named by `explicit`, else `CONDUCT_STORE`, else the one around `currentDirectory`.
    public static func locate(explicit: String?, environment: [String: String], currentDirectory: String) throws(ConductError) -> Store {
        if let explicit { return try open(at: explicit) }
        if let fromEnvironment = environment["CONDUCT_STORE"], !fromEnvironment.isEmpty { return try open(at: fromEnvironment) }
        let repository: Repository
        do {
            repository = try Repository.discover(from: currentDirectory)
        } catch {
            throw .notAStore(path: currentDirectory, reason: "no git repository here or above")
        }
        return try open(repository, shownAs: currentDirectory)
    }

    /// Opens the store at `path` (its git directory, or a work tree around one).
    public static func open(at path: String) throws(ConductError) -> Store {
        switch FileKind(atPath: path) {
        case .missing: throw .notAStore(path: path, reason: "no such directory")
        case .directory: break
        case .file, .other: throw .notAStore(path: path, reason: "it is a file")
        }
        let repository: Repository
        do {
            repository = try Repository.open(at: path)
        } catch {
            throw .notAStore(path: path, reason: "no git repository there")
        }
        return try open(repository, shownAs: path)
    }

    private static func open(_ repository: Repository, shownAs path: String) throws(ConductError) -> Store {
        let main: ObjectID?
        do {
            main = try repository.reference(mainReference)
        } catch {
            throw .notAStore(path: path, reason: "its main branch cannot be read: \(error)")
        }
        guard let main else { throw .notAStore(path: path, reason: "a git repository without a main branch") }
        var name = (try? repository.configString(documentNameKey)) ?? nil
        if name == nil {
            // A clone carries no local config: the document is the one Markdown file of the first revision.
            name = try? inferDocumentName(repository, tip: main)
        }
        guard let name else {
            throw .notAStore(path: path, reason: "no single code of conduct document in the tree of its main; if it is a store, adopt it naming its document with 'conduct init --adopt-existing \(path) --document-name NAME'")
        }
        let store = Store(repository: repository, documentName: name)
        // Caches live in a folder of their own under the git directory, made only in a store
        // conduct created or a user adopted: a repository read in passing gets no file.
        if store.isAdopted { store.makeCacheFolder() }
        return store
    }

    private static func inferDocumentName(_ repository: Repository, tip: ObjectID) throws -> String? {
        let tree = try repository.commit(tip).tree
        let markdown = try repository.tree(tree).filter { $0.mode == .blob && $0.name.lowercased().hasSuffix(".md") }
        return markdown.count == 1 ? markdown[0].name : nil
    }

    /// Whether `name` can be the document's file name: one path component, no control characters.
    static func isValidDocumentName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 255 && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\\")
            && !name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }
    }

    /// Runs a git operation, turning its failure into a `ConductError` that says what was being done.
    func git<T>(_ action: @autoclosure () -> String, _ body: () throws -> T) throws(ConductError) -> T {
        try ConductError.catching(action(), body)
    }
}
