using Arrakis.Benchmarks.Messaging;

// Usage: dotnet run -c Release --project tests/Benchmarks/Messaging [-- messages rounds]
var messages = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;

await ThroughputBenchmark.RunAsync(messages, rounds);
await InteractionLoadBenchmark.RunAsync(perSecond: 200, seconds: 15, discordCallMs: 150);
