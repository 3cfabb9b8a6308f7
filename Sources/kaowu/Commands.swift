/// Every subcommand of kaowu, in the order `kaowu help` lists them.
enum Commands {
    static let all: [Command] = [
        InitCommand.command,
        ImportCommand.catalog,
        ImportCommand.command,
        InspectCommand.command,
        TemplateCommand.command,
        SampleCommand.command,
        RecordsCommand.command,
        ExportCommand.command,
        CandidatesCommand.command,
        PaymentCommand.command,
        SitesCommand.command,
        RoomsCommand.command,
        ProctorsCommand.command,
        TeachersCommand.command,
        ScheduleCommand.command,
        RenderCommand.command,
        NightlyCommand.command,
        ScoresCommand.command,
        ResultsCommand.command,
        IssuanceCommand.command,
        StampsCommand.command,
        CertificatesCommand.command,
        VerifyCommand.command,
        WatchCommand.command,
    ]
}
