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

/// The lease every conduct writer holds on a store while it writes: a shared `flock(2)` on
/// `<gitdir>/conduct/lease`.
///
/// libgit2 takes a `X.lock` file beside every reference (and `config`, `packed-refs`) it moves,
/// and a process killed while holding one leaves it behind for good. The lease tells such a
/// leftover from a live writer's lock: a process that gets the lease *exclusively* knows that no
/// conduct writer is alive, so a lock file that outlives a short grace period (plain git holds
/// one for milliseconds) belongs to nobody and may be removed. The kernel drops a `flock` when
/// its holder dies, however it dies; the descriptor is close-on-exec, so no child keeps it.
final class WriteLease {
    /// How long a lock file met while no conduct writer is alive is given to disappear.
    static let grace: Double = 2

    private let descriptor: Int32
    /// Whether this process held the lease alone when it took it: no other conduct writer was alive.
    let wasAlone: Bool

    /// Takes the lease on the store at `gitDirectory`, shared; first tries it exclusively and, when
    /// alone, runs `whileAlone` (no other conduct writer can start meanwhile). Nil when the lease
    /// file cannot be made (a read-only store): the caller writes without one.
    init?(gitDirectory: String, whileAlone: () -> Void) {
        let folder = gitDirectory + "/conduct"
        if FileKind(atPath: folder) != .directory {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let fd = open(folder + "/lease", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        descriptor = fd
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            wasAlone = true
            whileAlone()
        } else {
            wasAlone = false
        }
        // Converting to shared (or waiting for a brief exclusive holder) keeps every writer out of
        // another's cleanup, and lets writers run together otherwise.
        while flock(fd, LOCK_SH) != 0, errno == EINTR {}
    }

    /// Whether any conduct writer holds the lease of the store at `gitDirectory` now (false when
    /// there is no lease file): taken exclusively for an instant and let go.
    static func isHeld(gitDirectory: String) -> Bool {
        let fd = open(gitDirectory + "/conduct/lease", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return flock(fd, LOCK_EX | LOCK_NB) != 0
    }

    deinit { close(descriptor) }
}

/// A lock file libgit2 left in a git directory.
struct LockFile: Sendable, Equatable {
    /// Relative to the git directory, e.g. `refs/conduct/records.lock`.
    var path: String
    /// Seconds since it was last written.
    var age: Double

    /// Every `*.lock` file of `gitDirectory` that conduct's writes make: `config.lock`,
    /// `packed-refs.lock`, `HEAD.lock` and `FETCH_HEAD.lock` at the top, any under `refs/` and `logs/`.
    static func all(in gitDirectory: String) -> [LockFile] {
        var found: [LockFile] = []
        let now = Date().timeIntervalSince1970
        func consider(_ relative: String) {
            var info = stat()
            guard lstat(gitDirectory + "/" + relative, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
            let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
            found.append(LockFile(path: relative, age: max(0, now - modified)))
        }
        // At the top, only the files conduct's writes lock: never index.lock, which a user's
        // `git commit` in a work tree holds for as long as its editor is open.
        for name in ["config.lock", "packed-refs.lock", "HEAD.lock", "FETCH_HEAD.lock"] { consider(name) }
        func walk(_ folder: String) {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: gitDirectory + "/" + folder)) ?? [] {
                let relative = folder + "/" + name
                var info = stat()
                guard lstat(gitDirectory + "/" + relative, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR { walk(relative) } else if name.hasSuffix(".lock") { consider(relative) }
            }
        }
        walk("refs")
        walk("logs")
        return found.sorted { $0.path < $1.path }
    }

    /// Removes the lock files of `gitDirectory` that no live writer holds; call only while holding
    /// the lease alone. Waits up to `WriteLease.grace` seconds for a lock plain git may hold
    /// briefly; returns a notice for each removed.
    static func clearStale(in gitDirectory: String, storeName: String) -> [String] {
        var locks = all(in: gitDirectory)
        guard !locks.isEmpty else { return [] }
        let youngest = locks.map(\.age).min() ?? WriteLease.grace
        if youngest < WriteLease.grace {
            usleep(useconds_t((WriteLease.grace - youngest) * 1_000_000) + 50_000)
            locks = all(in: gitDirectory)
        }
        var notices: [String] = []
        for lock in locks where lock.age >= WriteLease.grace {
            if unlink(gitDirectory + "/" + lock.path) == 0 {
                notices.append("removed the stale lock file \(lock.path) in \(storeName), left by a writer that is no longer running")
            }
        }
        return notices
    }
}
