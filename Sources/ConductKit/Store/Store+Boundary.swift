#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
internal import Git

/// What `init --adopt-existing` did.
public struct AdoptExistingReport: Sendable {
    /// The store's git directory.
    public var path: String
    public var documentName: String
    /// The repository was marked as a store already: only its document name was written again.
    public var wasAdopted: Bool
    /// The first authority record the store now trusts: the one its ledger held, or the one
    /// written here, endorsing what the repository held (a store made before records were signed).
    public var authority: String
    public var establishedAuthority: Bool
    /// The secretariat key given or generated for a newly established authority.
    public var secretariatKey: Store.SecretariatKeySetup?
}

extension Store {
    /// The local config key that marks a repository as a store (value `1`): set by `init`,
    /// `clone`, an `import` that makes a store, and `init --adopt-existing`. Only the
    /// repository's own config file counts, never the user's or the system's.
    static let markKey = "conduct.store"

    /// Marks `repository` as a store whose document is `documentName`, keeping reflogs for every ref.
    static func mark(_ repository: Repository, documentName: String) throws {
        try repository.setConfig("core.logAllRefUpdates", "always")
        try repository.setConfig(documentNameKey, documentName)
        try repository.setConfig(markKey, "1")
        try? FileManager.default.createDirectory(atPath: repository.gitDirectory + "/" + cacheFolder, withIntermediateDirectories: true)
    }

    /// Whether this repository is a store conduct created or a user adopted.
    public var isAdopted: Bool {
        ((try? repository.localConfigString(Store.markKey)) ?? nil) == "1"
    }

    /// The folder under the git directory that holds the caches (never in a ref).
    static let cacheFolder = "conduct-cache"

    /// Makes the cache folder; caches write into it only when it exists. Failures are ignored:
    /// without it, commands only recompute.
    func makeCacheFolder() {
        try? FileManager.default.createDirectory(atPath: path + "/" + Store.cacheFolder, withIntermediateDirectories: true)
    }

    /// Where a user finds this repository: its work tree, else its git directory.
    public var displayPath: String { repository.workTree ?? path }

    /// What this repository is, in words, for a message about a repository that is not a store.
    public var foundDescription: String {
        var found: String
        if let workTree = repository.workTree {
            let branch = (try? repository.headTarget()) ?? nil
            found = "a git repository with a work tree at \(workTree)"
            if let branch { found += " (\(branch.hasPrefix("refs/heads/") ? "branch " + branch.dropFirst("refs/heads/".count) : branch) checked out)" }
        } else {
            found = "a bare git repository"
        }
        if ((try? repository.reference(Ledger.reference)) ?? nil) != nil {
            found += " holding a conduct ledger (made by an earlier conduct, or a plain git clone of a store?)"
        }
        return found
    }

    /// Refuses to write into a repository conduct did not create or adopt. Every path that moves
    /// a ref or writes config in a store goes through here first, before any object is written.
    public func requireWritable() throws(ConductError) {
        guard !isAdopted else { return }
        throw .notAdoptedStore(path: displayPath, found: foundDescription)
    }

    /// Adopts an existing git repository as a store: `path`, else the repository around
    /// `currentDirectory`. Its main must exist and its tree hold the document (named by
    /// `documentName`, else by the repository's config, else the one Markdown file there). A
    /// repository whose work tree has main checked out is refused unless `force`: that is a
    /// project's own repository, and conduct moves main.
    ///
    /// A store without an authority record gets its first one, signed by `secretariatKey` (or a
    /// key generated under the git directory) and endorsing the ledger, main and tags as they
    /// stand; one with an authority has its first record pinned as the one it trusts.
    public static func adoptExisting(at path: String?, currentDirectory: String, documentName: String?,
                                     force: Bool, secretariatKey: String?, authorship: Authorship) throws(ConductError) -> AdoptExistingReport {
        let shown = path ?? currentDirectory
        let repository: Repository
        do {
            if let path {
                switch FileKind(atPath: path) {
                case .missing: throw ConductError.cannotAdopt(path: shown, reason: "there is no such directory", way: "Name a git repository that holds a store, or make a new store with 'conduct init NEWPATH --from FILE'")
                case .file, .other: throw ConductError.cannotAdopt(path: shown, reason: "it is a file", way: "Name the directory of a git repository")
                case .directory: break
                }
                repository = try Repository.open(at: path)
            } else {
                repository = try Repository.discover(from: currentDirectory)
            }
        } catch let error as ConductError {
            throw error
        } catch {
            throw .cannotAdopt(path: shown, reason: "no git repository is there", way: "Make a new store with 'conduct init NEWPATH --from FILE'")
        }
        let store = Store(repository: repository, documentName: documentName ?? defaultDocumentName)
        let place = store.displayPath
        let tip: ObjectID
        do {
            guard let found = try repository.reference(mainReference) else {
                throw ConductError.cannotAdopt(path: place, reason: "it has no branch main", way: "A store keeps its adopted revisions on main; make a new store with 'conduct init NEWPATH --from FILE'")
            }
            tip = found
        } catch let error as ConductError {
            throw error
        } catch {
            throw .cannotAdopt(path: place, reason: "its main cannot be read (\(error))", way: "Check it with 'git fsck'")
        }
        let markdown = try store.git("reading main") { () throws -> [TreeEntry] in
            try repository.tree(try repository.commit(tip).tree).filter { $0.mode == .blob && $0.name.lowercased().hasSuffix(".md") }
        }
        let name: String
        if let documentName {
            guard isValidDocumentName(documentName) else { throw .invalidDocumentName(documentName) }
            let held = try store.git("reading main") {
                try repository.blob(atPath: documentName, inTree: try repository.commit(tip).tree) != nil
            }
            guard held else {
                throw .cannotAdopt(path: place, reason: "the tree of its main holds no file \(documentName)",
                                   way: "Name the document main holds with --document-name (Markdown files there: \(ConductError.summarise(markdown.map(\.name))))")
            }
            name = documentName
        } else if let configured = (try? repository.localConfigString(documentNameKey)) ?? nil,
                  markdown.contains(where: { $0.name == configured }) {
            name = configured
        } else if markdown.count == 1 {
            name = markdown[0].name
        } else {
            throw .cannotAdopt(path: place, reason: markdown.isEmpty
                ? "the tree of its main holds no Markdown file"
                : "the tree of its main holds several Markdown files (\(ConductError.summarise(markdown.map(\.name))))",
                way: "Name the document with --document-name NAME")
        }
        if !force, !repository.isBare, ((try? repository.headTarget()) ?? nil) == mainReference {
            throw .cannotAdopt(
                path: place,
                reason: "its work tree has main checked out, as a project's own repository has; conduct commits onto main and moves its version tags, so the files checked out there would no longer match main",
                way: "Keep the code of conduct in a store of its own ('conduct init NEWPATH --from FILE', or 'conduct import --store NEWPATH' to take its history), or pass --force if this repository is meant to be the store")
        }
        let wasAdopted = store.isAdopted
        if let secretariatKey { _ = try readPrivateKey(secretariatKey) }  // a bad key file changes nothing
        // The user asked for this repository to be a store: from here on it is written as one,
        // under the write lease, after clearing what a killed writer left (an earlier adoption's lock).
        store.prepareWrite()
        try store.git("marking \(place) as a store") { try mark(repository, documentName: name) }
        // Once marked, and before anything else is written into it: the root of authority.
        let adopted = Store(repository: repository, documentName: name)
        if let first = try adopted.authority().first {
            try adopted.pinAuthority(first.id)
            return AdoptExistingReport(path: store.path, documentName: name, wasAdopted: wasAdopted, authority: first.id,
                                       establishedAuthority: false, secretariatKey: nil)
        }
        try adopted.setUpAuthority(explicit: secretariatKey, endorsingExisting: true, authorship: authorship)
        let established = try adopted.authority().first?.id ?? ""
        return AdoptExistingReport(path: store.path, documentName: name, wasAdopted: wasAdopted, authority: established,
                                   establishedAuthority: true, secretariatKey: adopted.createdSecretariatKey)
    }
}
