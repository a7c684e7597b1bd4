import CLibGit2

/// The user's git configuration (system, XDG and global files), read the way git reads it.
///
/// Sync reads settings that belong to the user, not to followup (`core.sshCommand`,
/// `credential.helper`, `http.sslCAInfo`, ...), from where `git` would find them.
public final class GitConfiguration {
    private let handle: Managed<OpaquePointer>

    /// The configuration outside any repository: `/etc/gitconfig`, `$XDG_CONFIG_HOME/git/config`, `~/.gitconfig`.
    public static func userDefault() throws(GitError) -> GitConfiguration {
        GitLibrary.initialize()
        let opened = try Managed("git_config_open_default", free: git_config_free) { git_config_open_default(&$0) }
        // A snapshot, so that values read later agree with each other and string results stay valid.
        let snapshot = try Managed("git_config_snapshot", free: git_config_free) {
            git_config_snapshot(&$0, opened.pointer)
        }
        return GitConfiguration(handle: snapshot)
    }

    private init(handle: Managed<OpaquePointer>) {
        self.handle = handle
    }

    /// The last value of `name` (e.g. `core.sshCommand`), nil when it is not set.
    public func string(_ name: String) -> String? {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        guard git_config_get_string_buf(&buffer, handle.pointer, name) == 0, let text = buffer.ptr else { return nil }
        return String(cString: text)
    }

    /// Every value of a multi-valued `name` (e.g. `credential.helper`), in the order git reads them.
    public func strings(_ name: String) -> [String] {
        final class Collected { var values: [String] = [] }
        let collected = Collected()
        _ = withExtendedLifetime(collected) {
            git_config_get_multivar_foreach(handle.pointer, name, nil, { entry, payload in
                guard let entry, let payload, let value = entry.pointee.value else { return 0 }
                Unmanaged<Collected>.fromOpaque(payload).takeUnretainedValue().values.append(String(cString: value))
                return 0
            }, Unmanaged.passUnretained(collected).toOpaque())
        }
        return collected.values
    }
}
