namespace Arrakis.Application.Abstractions.Messaging;

/// <summary>What became of one message. Expected failures are results, not exceptions.</summary>
public sealed class Result
{
    public static readonly Result Success = new(ResultKind.Success, null);

    private Result(ResultKind kind, Error? error)
    {
        Kind = kind;
        Error = error;
    }

    public ResultKind Kind { get; }

    public Error? Error { get; }

    public bool IsSuccess => Kind == ResultKind.Success;

    /// <summary>Might succeed later (a dependency was unavailable, a timeout): retry with backoff.</summary>
    public static Result Transient(string code, string message) => new(ResultKind.TransientFailure, new Error(code, message));

    /// <summary>Can never succeed (a broken contract, a refusal): dead-letter at once.</summary>
    public static Result Permanent(string code, string message) => new(ResultKind.PermanentFailure, new Error(code, message));

    public override string ToString() => Error is null ? Kind.ToString() : $"{Kind} {Error.Code}: {Error.Message}";
}

public enum ResultKind
{
    Success,
    TransientFailure,
    PermanentFailure,
}

/// <summary>A failure's stable code (for metrics and dead-letter headers) and a message free of secrets.</summary>
public sealed record Error(string Code, string Message);
