#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Git

extension Store {
    /// The store an import writes into, as it stood when read.
    struct ImportTarget {
        let path: String
        /// Nil when the import makes the store (a new path, an empty directory or an empty git repository).
        let store: Store?
        let tip: Revision?
        let document: Document?
        let version: Version?
        /// The last source commit already imported, as a place in the source's chain.
        var lastImported: Int? = nil
        var lastImportedCommit: ObjectID? = nil
    }

    /// The document's name in a new store: the file's own name, when it can be one.
    static func documentName(for path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        return isValidDocumentName(name) ? name : defaultDocumentName
    }

    static func readTarget(storePath: String?, environment: [String: String], currentDirectory: String,
                           source: ImportSource) throws(ConductError) -> ImportTarget {
        let named = storePath ?? environment["CONDUCT_STORE"].flatMap { $0.isEmpty ? nil : $0 }
        let store: Store
        if let named {
            switch FileKind(atPath: named) {
            case .missing:
                return ImportTarget(path: named, store: nil, tip: nil, document: nil, version: nil)
            case .file, .other:
                throw .pathIsFile(named)
            case .directory:
                let contents = (try? FileManager.default.contentsOfDirectory(atPath: named)) ?? ["?"]
                if contents.isEmpty {
                    return ImportTarget(path: named, store: nil, tip: nil, document: nil, version: nil)
                }
                guard let repository = try? Repository.open(at: named) else { throw .pathNotEmpty(path: named, holdsStore: false) }
                if (try? repository.reference(mainReference)) == nil {
                    // A git repository with nothing in it is as good as an empty directory.
                    guard let references = try? repository.references(matching: "refs/*"), references.isEmpty else {
                        throw .importUnrelated(store: named, reason: "is a git repository with references but no main branch")
                    }
                    return ImportTarget(path: named, store: nil, tip: nil, document: nil, version: nil)
                }
                do {
                    store = try Store.open(at: named)
                } catch {
                    throw .importUnrelated(store: named, reason: "is a git repository that holds no conduct store")
                }
                try store.requireWritable()
            }
        } else {
            // The store around the current directory, when it is one an import made (the source's
            // own work tree is no store, and must not be taken for one).
            let found: Store
            do {
                found = try Store.locate(explicit: nil, environment: [:], currentDirectory: currentDirectory)
            } catch {
                throw .importNeedsStore(currentDirectory, reason: "is in no store")
            }
            let imported = try found.git("reading main") { () throws -> Bool in
                guard let tip = try found.repository.reference(mainReference) else { return false }
                return CommitMessage.split(try found.repository.commit(tip).message).trailers[importedFromTrailer] != nil
            }
            guard imported else { throw .importNeedsStore(currentDirectory, reason: "is in a git repository that no import made") }
            try found.requireWritable()
            store = found
        }
        let tip = try store.head()
        let trailers = try store.git("reading main") { CommitMessage.split(try store.repository.commit(tip.commit.object).message).trailers }
        guard let hex = trailers[importedFromTrailer], let last = ObjectID(hex: hex) else {
            let importedBefore = try store.git("reading main") { () throws -> Bool in
                for id in try store.repository.walk(from: tip.commit.object, firstParentOnly: true) {
                    if CommitMessage.split(try store.repository.commit(id).message).trailers[importedFromTrailer] != nil { return true }
                }
                return false
            }
            throw .importUnrelated(store: store.path, reason: importedBefore
                ? "has revisions adopted since it was imported (main is at \(tip.label)); importing more would mix them with the history of \(source.path)"
                : "holds revisions that were not imported from git (main is at \(tip.label))")
        }
        guard let place = source.position[last] else {
            throw .importUnrelated(store: store.path, reason: "was imported from commit \(hex.prefix(12)), which is not on the first-parent history of \(source.branch) in \(source.location)")
        }
        return ImportTarget(path: store.path, store: store, tip: tip, document: try store.document(at: tip),
                      version: try store.versions().last, lastImported: place, lastImportedCommit: last)
    }
}
