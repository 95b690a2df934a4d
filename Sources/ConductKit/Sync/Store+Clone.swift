#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Git

extension Store {
    /// Makes a new store at `path` from the store at `url`, and names that store `origin`.
    public static func clone(from url: String, to path: String, authorship: Authorship) throws(ConductError) -> (Store, SyncReport) {
        if !url.contains("://"), FileKind(atPath: url) == .missing {
            throw .notAStore(path: url, reason: "no such folder")
        }
        switch FileKind(atPath: path) {
        case .missing: break
        case .file, .other: throw .pathIsFile(path)
        case .directory:
            if !((try? FileManager.default.contentsOfDirectory(atPath: path))?.isEmpty ?? false) {
                throw .pathNotEmpty(path: path, holdsStore: (try? Repository.open(at: path)) != nil)
            }
        }
        // Built beside its path and renamed into place whole: a crash leaves no half a store.
        let staging = Store.stagingPath(for: path, purpose: "clone")
        let repository: Repository
        do {
            repository = try Repository.initBare(at: staging)
            try repository.setConfig(Store.markKey, "1")
            try repository.addRemote("origin", url: url)
        } catch let error as GitError {
            throw .git(error.message, while: "making the new store at \(path)")
        } catch {
            throw .corruptStore("\(error)")
        }
        let store = Store(repository: repository, documentName: Store.defaultDocumentName)
        do throws(ConductError) {
            let report = try store.sync("origin", dryRun: false, acceptRemote: false, push: false, authorship: authorship)
            guard try store.git("reading main", { try repository.reference(Store.mainReference) }) != nil else {
                throw ConductError.notAStore(path: url, reason: "it has no refs/heads/main to copy")
            }
            // The document's name is noted before the store moves into place, so a crash leaves none unnamed.
            let inferred = try Store.open(at: staging)
            try store.git("noting the document's name") { try repository.setConfig(Store.documentNameKey, inferred.documentName) }
            try Store.moveIntoPlace(staging, path)
            return (try Store.open(at: path), report)
        } catch {
            // Leave nothing half made behind.
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }
}
