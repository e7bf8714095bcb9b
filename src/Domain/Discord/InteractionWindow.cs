namespace Arrakis.Domain.Discord;

/// <summary>Discord's timing rules for answering an interaction.</summary>
public static class InteractionWindow
{
    /// <summary>The first response (reply or deferral) must reach Discord within this time of creation.</summary>
    public static readonly TimeSpan InitialResponse = TimeSpan.FromSeconds(3);

    /// <summary>The interaction token works this long after creation, for follow-ups and edits.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);

    public static InteractionAge Classify(Snowflake interactionId, DateTimeOffset now)
    {
        var age = now - interactionId.CreatedAt;
        if (age >= TokenLifetime)
        {
            return InteractionAge.TokenExpired;
        }

        return age >= InitialResponse ? InteractionAge.TooLateToAnswer : InteractionAge.Answerable;
    }
}

public enum InteractionAge
{
    /// <summary>Inside the 3-second window: a first response can still be sent.</summary>
    Answerable,

    /// <summary>Past the 3-second window: Discord would answer 10062 to any first response.</summary>
    TooLateToAnswer,

    /// <summary>Past 15 minutes: the token no longer works at all.</summary>
    TokenExpired,
}
