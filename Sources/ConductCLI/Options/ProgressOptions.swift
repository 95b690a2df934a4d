import ArgumentParser

/// `--quiet`, for the commands whose work can take more than a second (a first `status`, `log`
/// or `verify` of a large store, `import`, `publish`, `comments`, `sync`, `clone`).
///
/// swift-argument-parser has no flag that every subcommand inherits from the root, so each of
/// these commands carries this group and says so by `ShowsProgress`; `Conduct.runMain` installs
/// the progress line for them alone.
struct ProgressOptions: ParsableArguments {
    @Flag(help: "Show no progress on standard error (it is shown only when standard error is a terminal).")
    var quiet = false
}

/// A command that shows progress on standard error while it works, unless given `--quiet`.
protocol ShowsProgress {
    var progress: ProgressOptions { get }
}
