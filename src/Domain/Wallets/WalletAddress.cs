namespace Arrakis.Domain.Wallets;

/// <summary>An EVM address: 0x and 40 hex digits. Compared without regard to the EIP-55 checksum case.</summary>
public sealed record WalletAddress
{
    private WalletAddress(string value) => Value = value;

    /// <summary>Lower-case form, the canonical one for comparison and storage.</summary>
    public string Value { get; }

    public static bool TryParse(string? text, out WalletAddress? address)
    {
        address = null;
        var trimmed = text?.Trim();
        if (trimmed is not { Length: 42 } || !trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            || !trimmed[2..].All(char.IsAsciiHexDigit))
        {
            return false;
        }

        address = new WalletAddress(trimmed.ToLowerInvariant());
        return true;
    }

    public override string ToString() => Value;
}
