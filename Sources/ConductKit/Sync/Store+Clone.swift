#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Git

extension Store {
    /// Makes a new store at `path` from the store at `url`, and names that store `origin`, with
    /// the change summary of every revision computed (see `warmSummaries`).
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
            let cloned = try Store.open(at: path)
            // The history is read once while the copy is waited for, so the first `log` here is
            // warm. Only a cache is written; a failure of it changes nothing, and `log` says it.
            try? cloned.warmSummaries()
            return (cloned, report)
        } catch {
            // Leave nothing half made behind.
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }
}
