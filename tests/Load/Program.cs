using Arrakis.Load;

// dotnet tests/Load/bin/Release/net10.0/Arrakis.Load.dll <command> [--option value ...]
// Needs build/services.sh start and a Release build. Commands:
//   smoke [--count 2000] [--rate 200] [--mix ping=2,verify=2,join=4,role=1,leave=1]   the tool's own check
//   chaos <kill9|broker-restart|redis-restart|two-workers|discord-5xx> [--results dir]  see tests/Load/Chaos, build/chaos.sh
if (args.Length == 0)
{
    await Console.Error.WriteLineAsync("usage: Arrakis.Load <command> [--option value ...]; see Program.cs for the commands");
    return 2;
}

var options = new Arguments(args.Skip(1));
return args[0] switch
{
    "smoke" => await SmokeScenario.RunAsync(options, Console.Out),
    "chaos" => await Arrakis.Load.Chaos.ChaosCommand.RunAsync(options, Console.Out),
    _ => Unknown(args[0]),
};

static int Unknown(string command)
{
    Console.Error.WriteLine($"unknown command '{command}'; see tests/Load/Program.cs");
    return 2;
}
