using Arrakis.Demo;

// Started by ./build/run.sh --demo once the worker is ready; it reads the settings run.sh exports.
// Exit code 0 when every step did what it should, 1 when one did not, 2 when a setting is missing.
if (DemoSettings.FromEnvironment(out var problem) is not { } settings)
{
    await Console.Error.WriteLineAsync("[demo] " + problem);
    return 2;
}

using var cancel = new CancellationTokenSource(settings.Timeout);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    return await new DemoRun(settings, Console.Out).RunAsync(cancel.Token);
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync($"[demo] stopped: it did not finish within {settings.Timeout.TotalSeconds:F0} s");
    return 1;
}
