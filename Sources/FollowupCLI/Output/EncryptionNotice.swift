import FollowupCore

/// What `init --encrypt`, `encrypt enable` and `key import` tell the user when a store starts
/// to seal its sync, and how the sync keys are listed.
enum EncryptionNotice {
    /// `imported`: the key came from another machine, which has it already.
    static func started(_ start: EncryptionStart, imported: Bool = false) {
        Console.out("sync is now encrypted with key \(start.key.id)")
        if !imported {
            Console.out("copy the key to your other machines: 'followup key export --out FILE', then 'followup key import FILE' there")
        }
        guard let setAside = start.setAside else { return }
        Console.out("the plain-text sync repository was set aside as \(setAside)")
        if start.remotesMayHoldPlainText {
            Console.warning("a remote that received this store's log in plain text keeps it in its history; "
                            + "sync with a new empty repository instead ('followup remote set-url NAME URL')")
        }
    }

    /// One line per key, oldest first; the newest seals new events.
    static func listing(_ keys: [SyncKey]) -> String {
        keys.enumerated().map { index, key in
            "\(key.id)\tcreated \(UTCTime.format(milliseconds: key.createdMs))" + (index == keys.count - 1 ? "\tseals new events" : "")
        }.joined(separator: "\n")
    }
}
