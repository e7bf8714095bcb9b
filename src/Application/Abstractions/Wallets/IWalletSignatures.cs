using Arrakis.Domain.Wallets;

namespace Arrakis.Application.Abstractions.Wallets;

/// <summary>Recovers who signed a personal message (EIP-191), so a handler can compare it with the claimed address.</summary>
public interface IWalletSignatures
{
    /// <summary>The signer's address, or null when the signature is malformed or recovers no key.</summary>
    WalletAddress? RecoverSigner(string message, string signature);
}
