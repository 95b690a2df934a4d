#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The folder a site is published into, built beside it and swapped in whole: a reader of the
/// old site never sees half a new one, and a failed publish leaves the old one as it was.
///
/// A folder conduct published holds a marker file; any other folder that is not empty is
/// refused unless the caller forces it, and a folder that holds the store or the current
/// directory is refused always.
struct SiteFolder {
    static let marker = ".conduct-site"
    static let markerText = "A site published by 'conduct publish'. Publishing again replaces this folder whole.\n"

    /// The target as given, without trailing slashes.
    let target: String
    /// Where the new site is built: a hidden sibling of the target.
    let staging: String
    private let parent: String
    private let name: String

    init(target given: String, force: Bool, storePath: String) throws(ConductError) {
        var path = given
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        guard !path.isEmpty else {
            throw .publishTarget(path: given, reason: "the path is empty", way: "name a folder with --out DIR")
        }
        let slash = path.lastIndex(of: "/")
        parent = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        target = path
        guard !name.isEmpty, name != ".", name != ".." else {
            throw .publishTarget(path: given, reason: "it names no folder of its own", way: "name a new folder, such as --out site")
        }
        guard FileKind(atPath: parent) == .directory else {
            throw .publishTarget(path: given, reason: "its parent folder '\(parent)' does not exist",
                                 way: "create it first, or choose another --out")
        }
        switch FileKind(atPath: path) {
        case .missing:
            break
        case .file, .other:
            throw .publishTarget(path: given, reason: "it is a file", way: "choose a folder for --out, or remove the file")
        case .directory:
            let real = SiteFolder.realPath(path)
            for (what, other) in [("the store", storePath), ("the current folder", FileManager.default.currentDirectoryPath)] {
                let inside = SiteFolder.realPath(other)
                if inside == real || inside.hasPrefix(real == "/" ? "/" : real + "/") {
                    throw .publishTarget(path: given, reason: "it holds \(what)", way: "choose a folder of its own for the site")
                }
            }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            if !entries.isEmpty, !entries.contains(SiteFolder.marker), !force {
                throw .publishTarget(path: given, reason: "it holds files that 'conduct publish' did not write (it has no \(SiteFolder.marker))",
                                     way: "choose a new or empty folder, or add --force to replace it")
            }
        }
        staging = (parent == "/" ? "" : parent) + "/." + name + ".publishing-\(getpid())"
        SiteFolder.removeLeftovers(in: parent, of: name)
        try? FileManager.default.removeItem(atPath: staging)
        try makeDirectory("")
    }

    /// Removes the staging and set-aside folders of earlier publishes into the same folder
    /// whose process is gone (stopped half way); those of a publish still running stay.
    private static func removeLeftovers(in parent: String, of name: String) {
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] {
            for kind in [".publishing-", ".replaced-"] {
                let prefix = "." + name + kind
                guard entry.hasPrefix(prefix), let pid = Int32(entry.dropFirst(prefix.count)), pid > 0 else { continue }
                if kill(pid, 0) == -1, errno == ESRCH {
                    try? FileManager.default.removeItem(atPath: (parent == "/" ? "" : parent) + "/" + entry)
                }
            }
        }
    }

    private static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Creates `relative` (and nothing above it) in the staging folder.
    func makeDirectory(_ relative: String) throws(ConductError) {
        let path = relative.isEmpty ? staging : staging + "/" + relative
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw .publishFailed(path: target, reason: "cannot create '\(path)': \(String(cString: strerror(errno)))")
        }
    }

    /// Writes a file of the site (its folder made already).
    func write(_ relative: String, _ bytes: [UInt8]) throws(ConductError) {
        let path = staging + "/" + relative
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw .publishFailed(path: target, reason: "cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            guard written > 0 else {
                if written < 0, errno == EINTR { continue }
                throw .publishFailed(path: target, reason: "cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Marks the new site as conduct's and puts it in place of the target.
    func commit() throws(ConductError) {
        try write(SiteFolder.marker, Array(SiteFolder.markerText.utf8))
        let old = (parent == "/" ? "" : parent) + "/." + name + ".replaced-\(getpid())"
        let hadOld = FileKind(atPath: target) == .directory
        if hadOld {
            try? FileManager.default.removeItem(atPath: old)
            guard rename(target, old) == 0 else {
                throw .publishFailed(path: target, reason: "cannot move the previous site aside: \(String(cString: strerror(errno)))")
            }
        }
        guard rename(staging, target) == 0 else {
            let reason = String(cString: strerror(errno))
            if hadOld { _ = rename(old, target) }
            throw .publishFailed(path: target, reason: "cannot move the new site into place: \(reason)")
        }
        if hadOld { try? FileManager.default.removeItem(atPath: old) }
    }

    /// Removes the staging folder after a failure.
    func discard() {
        try? FileManager.default.removeItem(atPath: staging)
    }
}
