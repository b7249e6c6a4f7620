// town-server: the sync and economics endpoints (`serve`) and a stand-in economics system (`econ-sim`).
// Called from an async function: in top-level code `TownServerCommand.main()` resolves to the synchronous
// overload, which refuses async subcommands.
func runTownServer() async {
    await TownServerCommand.main()
}

await runTownServer()
