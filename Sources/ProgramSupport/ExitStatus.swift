/// Exit statuses of the followup programs, following sysexits(3) where one fits (docs/cli.md).
public enum ExitStatus {
    public static let failure: Int32 = 1
    public static let usage: Int32 = 64
    public static let dataError: Int32 = 65
    public static let noInput: Int32 = 66
    /// A server answered something the command cannot go on from (EX_UNAVAILABLE).
    public static let unavailable: Int32 = 69
    public static let ioError: Int32 = 74
    /// A temporary failure: trying again later may work (a remote that stopped answering).
    public static let temporaryFailure: Int32 = 75
    /// The server refused the credentials or the access (EX_NOPERM).
    public static let notPermitted: Int32 = 77
}
