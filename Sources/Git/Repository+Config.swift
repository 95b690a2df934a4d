import CLibGit2

extension Repository {
    /// Reads a configuration value as a string (`git_repository_config` + `git_config_get_string_buf`).
    /// Sees all levels (repository, global, XDG, system; the most specific wins).
    /// Returns `nil` when the key is not set; throws for a malformed key.
    public func configString(_ key: String) throws -> String? {
        let operation = "git_config_get_string_buf(\(key))"
        try key.requireNoNUL("config key", in: operation)
        var config: OpaquePointer?
        try check(git_repository_config(&config, pointer), "git_repository_config")
        defer { git_config_free(config) }
        return try Repository.string(key, in: config, operation: operation)
    }

    /// Reads a value from the repository's own config file only (`$GIT_DIR/config`), never the
    /// user's or system's (`git_config_open_level(GIT_CONFIG_LEVEL_LOCAL)`): what the repository
    /// itself says. Returns `nil` when the key is not set there.
    public func localConfigString(_ key: String) throws -> String? {
        let operation = "git_config_get_string_buf(\(key), local)"
        try key.requireNoNUL("config key", in: operation)
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, pointer), "git_repository_config_snapshot")
        defer { git_config_free(config) }
        var local: OpaquePointer?
        let rc = git_config_open_level(&local, config, GIT_CONFIG_LEVEL_LOCAL)
        if rc == GIT_ENOTFOUND.rawValue {
            clearLastError()
            return nil
        }
        try check(rc, "git_config_open_level(local)")
        defer { git_config_free(local) }
        return try Repository.string(key, in: local, operation: operation)
    }

    /// Reads a configuration value from the user's and system's config files only — global
    /// (`~/.gitconfig`), XDG and system — without any repository (`git_config_open_default` +
    /// `git_config_get_string_buf`). Returns `nil` when the key is not set; throws for a malformed key.
    public static func globalConfigString(_ key: String) throws -> String? {
        try LibGit2.ensureInitialized()
        let operation = "git_config_get_string_buf(\(key), default config)"
        try key.requireNoNUL("config key", in: operation)
        var config: OpaquePointer?
        try check(git_config_open_default(&config), "git_config_open_default")
        defer { git_config_free(config) }
        return try string(key, in: config, operation: operation)
    }

    /// Every value of a multi-valued key, in git's order (system, global, XDG, then the
    /// repository's own file; each file top to bottom) (`git_config_multivar_iterator_new`).
    public func configValues(_ key: String) throws -> [String] {
        let operation = "git_config_multivar_iterator_new(\(key))"
        try key.requireNoNUL("config key", in: operation)
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, pointer), "git_repository_config_snapshot")
        defer { git_config_free(config) }
        var iterator: OpaquePointer?
        try check(git_config_multivar_iterator_new(&iterator, config, key, nil), operation)
        defer { git_config_iterator_free(iterator) }
        var values: [String] = []
        var entry: UnsafeMutablePointer<git_config_entry>?
        while true {
            let rc = git_config_next(&entry, iterator)
            if rc == GIT_ITEROVER.rawValue { clearLastError(); break }
            try check(rc, operation)
            if let value = entry?.pointee.value { values.append(String(cString: value)) }
        }
        return values
    }

    /// `git_config_get_string_buf` on `config`; `nil` for `GIT_ENOTFOUND`.
    private static func string(_ key: String, in config: OpaquePointer?, operation: String) throws -> String? {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        let rc = git_config_get_string_buf(&buffer, config, key)
        if rc == GIT_ENOTFOUND.rawValue {
            clearLastError()
            return nil
        }
        try check(rc, operation)
        guard let value = buffer.ptr else { return "" }
        return String(cString: value)
    }

    /// Writes `key = value` into the repository's own config file (`$GIT_DIR/config`)
    /// (`git_config_open_level(GIT_CONFIG_LEVEL_LOCAL)` + `git_config_set_string`).
    ///
    /// libgit2 caches some `core.*` settings per `Repository`; a change to those takes effect
    /// for instances opened afterwards.
    public func setConfig(_ key: String, _ value: String) throws {
        let operation = "git_config_set_string(\(key))"
        try key.requireNoNUL("config key", in: operation)
        try value.requireNoNUL("config value", in: operation)
        var config: OpaquePointer?
        try check(git_repository_config(&config, pointer), "git_repository_config")
        defer { git_config_free(config) }
        var local: OpaquePointer?
        try check(git_config_open_level(&local, config, GIT_CONFIG_LEVEL_LOCAL), "git_config_open_level(local)")
        defer { git_config_free(local) }
        try check(git_config_set_string(local, key, value), operation)
    }

    /// The identity from `user.name` / `user.email` with the current time (`git_signature_default`);
    /// `nil` when either is not configured (`GIT_ENOTFOUND`).
    public func defaultSignature() throws -> Signature? {
        var raw: UnsafeMutablePointer<git_signature>?
        let rc = git_signature_default(&raw, pointer)
        if rc == GIT_ENOTFOUND.rawValue {
            clearLastError()
            return nil
        }
        try check(rc, "git_signature_default")
        defer { git_signature_free(raw) }
        return try Signature(raw.map { UnsafePointer($0) }, operation: "git_signature_default")
    }
}
