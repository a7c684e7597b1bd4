import FollowupCore

/// Short human distances: `in 5h`, `2d overdue`.
enum Relative {
    static func distance(_ seconds: Int64) -> String {
        let magnitude = abs(seconds)
        if magnitude < 3600 { return "\(max(1, magnitude / 60))m" }
        if magnitude < 2 * 86_400 { return "\(magnitude / 3600)h" }
        return "\(magnitude / 86_400)d"
    }

    static func due(_ dueAt: Int64, now: Int64) -> String {
        dueAt >= now ? "in " + distance(dueAt - now) : distance(now - dueAt) + " overdue"
    }
}
