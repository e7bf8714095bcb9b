using System.Runtime.CompilerServices;

// The Discord client's tests drive its internal request pipeline with routes the ports do not expose.
[assembly: InternalsVisibleTo("Arrakis.DiscordSimulator.Tests")]
