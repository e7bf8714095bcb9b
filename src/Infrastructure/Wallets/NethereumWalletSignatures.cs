using Arrakis.Application.Abstractions.Wallets;
using Arrakis.Domain.Wallets;
using Nethereum.Signer;

namespace Arrakis.Infrastructure.Wallets;

/// <summary>EIP-191 signer recovery with Nethereum, the maintained .NET Ethereum library.</summary>
internal sealed class NethereumWalletSignatures : IWalletSignatures
{
    private readonly EthereumMessageSigner _signer = new();

    public WalletAddress? RecoverSigner(string message, string signature)
    {
        var hex = signature.Trim();
        // 65 bytes (r, s, v) in hex, with or without 0x: anything else cannot be a personal-message signature.
        var digits = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        if (digits.Length != 130 || !digits.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        // The recovery byte v is 27 or 28 (0 or 1 from some wallets); Nethereum throws a bare Exception for others.
        if (Convert.FromHexString(digits.AsSpan(128, 2))[0] is not (0 or 1 or 27 or 28))
        {
            return null;
        }

        try
        {
            return WalletAddress.TryParse(_signer.EncodeUTF8AndEcRecover(message, "0x" + digits), out var address) ? address : null;
        }
        catch (Exception ex) when (ex is ArgumentException or IndexOutOfRangeException or FormatException or InvalidOperationException
                                       or Org.BouncyCastle.Crypto.CryptoException or ArithmeticException)
        {
            return null;
        }
    }
}
