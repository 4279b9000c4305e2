using System;

namespace CowCollections.Etcd;

/// <summary>
/// A write to etcd whose outcome cannot be known: the request may or may not have been committed (the
/// connection was lost after it was sent, or the transport retried it). The mirror never applies it twice on
/// its own; read the mirror to see which happened, and repeat the write only if it is safe to apply twice.
/// </summary>
public sealed class EtcdCommitUnknownException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public EtcdCommitUnknownException()
        : base("The etcd transaction may or may not have been committed.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What happened.</param>
    public EtcdCommitUnknownException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the transport error that made the outcome unknown.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The transport error, or null.</param>
    public EtcdCommitUnknownException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
