#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program run to completion with a few bytes on its standard input, its output collected,
/// and a deadline: the one place this module starts processes (credential helpers).
///
/// The child gets the caller's environment, an empty signal mask and default signal actions
/// (a test runner's blocked signals are not inherited), and its own process group, so that a
/// child past its deadline is killed with everything it started.
struct ChildProcess {
    /// How a run ended.
    struct Outcome {
        /// The exit status; nil when the child was killed (at the deadline, or by a signal).
        var status: Int32?
        var output: [UInt8]
        var errors: [UInt8]
        var timedOut: Bool
    }

    /// The child could not be started at all (`posix_spawn` and friends failed).
    struct CannotStart: Error {
        var reason: String
    }

    /// Runs `arguments[0]` (a path) with `arguments`, writing `input` to its standard input and
    /// reading its standard output and error (each up to `limit` bytes), for at most `timeout`
    /// seconds (`posix_spawn`, `poll`, `waitpid`).
    static func run(_ arguments: [String], input: [UInt8], timeout: Double, limit: Int = 1 << 16) throws(CannotStart) -> Outcome {
        // All three streams are sockets, close-on-exec from birth. Standard input: writing to a
        // child that exited early gives an error (MSG_NOSIGNAL), not a SIGPIPE that would end this
        // process. Output and errors: a child another thread spawns meanwhile must not inherit the
        // write ends, or this side would wait for its end of file until the deadline (Glibc's
        // module has no pipe2 to do the same with pipes).
        let streamCloseOnExec = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        var inputPair: [Int32] = [-1, -1], outputPair: [Int32] = [-1, -1], errorPair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, streamCloseOnExec, 0, &inputPair) == 0,
              socketpair(AF_UNIX, streamCloseOnExec, 0, &outputPair) == 0,
              socketpair(AF_UNIX, streamCloseOnExec, 0, &errorPair) == 0 else {
            let reason = errorText()
            (inputPair + outputPair + errorPair).filter { $0 >= 0 }.forEach { close($0) }
            throw CannotStart(reason: "socketpair: \(reason)")
        }
        // Only the child's copies (dup2'ed onto 0, 1, 2) survive exec.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inputPair[1], 0)
        posix_spawn_file_actions_adddup2(&actions, outputPair[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorPair[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        var spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        // A program file just written is "busy" while a child spawned elsewhere in this
        // process still holds it open for writing between its fork and exec: wait briefly.
        var busy = 0
        while spawned == ETXTBSY && busy < 50 {
            busy += 1
            usleep(10_000)
            spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        }
        // The child holds its own copies now.
        close(inputPair[1]); close(outputPair[1]); close(errorPair[1])
        guard spawned == 0 else {
            close(inputPair[0]); close(outputPair[0]); close(errorPair[0])
            throw CannotStart(reason: "\(arguments[0]): \(String(cString: strerror(spawned)))")
        }

        let deadline = now() + timeout
        var outcome = Outcome(status: nil, output: [], errors: [], timedOut: false)
        var toWrite = input[...]
        var writer: Int32 = inputPair[0], readers = [outputPair[0], errorPair[0]]
        if toWrite.isEmpty { shutdown(writer, Int32(SHUT_WR)); close(writer); writer = -1 }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while writer >= 0 || !readers.isEmpty {
            let left = deadline - now()
            if left <= 0 { outcome.timedOut = true; break }
            var fds = readers.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if writer >= 0 { fds.append(pollfd(fd: writer, events: Int16(POLLOUT), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(left, 1) * 1000) + 1)
            if ready < 0 && errno != EINTR { break }
            for fd in fds where fd.revents != 0 {
                if fd.fd == writer {
                    let sent = toWrite.withUnsafeBytes { send(writer, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    if sent > 0 { toWrite = toWrite.dropFirst(sent) }
                    if sent <= 0 && errno != EAGAIN && errno != EINTR || toWrite.isEmpty {
                        shutdown(writer, Int32(SHUT_WR)); close(writer); writer = -1
                    }
                    continue
                }
                let count = read(fd.fd, &buffer, buffer.count)
                if count > 0 {
                    if fd.fd == outputPair[0] {
                        if outcome.output.count < limit { outcome.output += buffer[..<count] }
                    } else if outcome.errors.count < limit {
                        outcome.errors += buffer[..<count]
                    }
                } else if count == 0 || errno != EINTR && errno != EAGAIN {
                    close(fd.fd)
                    readers.removeAll { $0 == fd.fd }
                }
            }
        }
        if writer >= 0 { close(writer) }
        readers.forEach { close($0) }

        // Reap the child; one that outlives the deadline is killed with its process group.
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR { return outcome }
            if outcome.timedOut || now() >= deadline {
                outcome.timedOut = true
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                return outcome
            }
            usleep(2_000)
        }
        // WIFEXITED / WEXITSTATUS, which do not import.
        if status & 0x7f == 0 { outcome.status = (status >> 8) & 0xff }
        return outcome
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
