/// The version all three programs report, and the iCalendar files name as their producer.
public enum FollowupVersion {
    public static let string = "0.1.0"
}
