using Arrakis.Load;

// dotnet tests/Load/bin/Release/net10.0/Arrakis.Load.dll <command> [--option value ...]
// Needs build/services.sh start and a Release build. Commands:
//   publish [--rate 50] [--seconds 10] [--mix ...] [--broker amqp://…] [--simulator http://127.0.0.1:5080/] [--redis redis://…]
//           [--prefix arrakis:]   load against a running stack (build/run.sh's), witnessed by its simulator and Redis
//   smoke [--count 2000] [--rate 200] [--mix ping=2,verify=2,join=4,role=1,leave=1]   the tool's own check
//   soak [--minutes 30] [--rate 50] [--sample-seconds 60] [--mix ...] [--out artifacts/soak]   build/soak.sh
//   bench <throughput | latency --rate N | slow-discord | stale-backlog | startup | summary --dir D> [--out F.json]   build/bench.sh
//   chaos <kill9|broker-restart|redis-restart|two-workers|discord-5xx> [--results dir]  see tests/Load/Chaos, build/chaos.sh
if (args.Length == 0)
{
    await Console.Error.WriteLineAsync("usage: Arrakis.Load <command> [--option value ...]; see Program.cs for the commands");
    return 2;
}

var options = new Arguments(args.Skip(1));
return args[0] switch
{
    "publish" => await PublishCommand.RunAsync(options, Console.Out),
    "smoke" => await SmokeScenario.RunAsync(options, Console.Out),
    "soak" => await Arrakis.Load.Soak.SoakScenario.RunAsync(options, Console.Out),
    "bench" => await Arrakis.Load.Bench.BenchCommand.RunAsync(options, Console.Out),
    "chaos" => await Arrakis.Load.Chaos.ChaosCommand.RunAsync(options, Console.Out),
    _ => Unknown(args[0]),
};

static int Unknown(string command)
{
    Console.Error.WriteLine($"unknown command '{command}'; see tests/Load/Program.cs");
    return 2;
}
