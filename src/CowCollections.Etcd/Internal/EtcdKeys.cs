using System;
using System.Text;
using Google.Protobuf;

namespace CowCollections.Etcd.Internal;

/// <summary>
/// The key space of one mirror: the prefix as etcd bytes, the end of its range (the prefix with its last byte
/// incremented, as etcd's own prefix queries compute it), and the UTF-8 mapping between full etcd keys and the
/// mirror's relative keys.
/// </summary>
internal sealed class EtcdKeys
{
    public EtcdKeys(string prefix)
    {
        Prefix = prefix;
        PrefixBytes = ByteString.CopyFromUtf8(prefix);
        RangeEnd = ByteString.CopyFrom(RangeEndOf(PrefixBytes.ToByteArray()));
    }

    public string Prefix { get; }

    public ByteString PrefixBytes { get; }

    public ByteString RangeEnd { get; }

    public ByteString Full(string relativeKey) => ByteString.CopyFromUtf8(Prefix + relativeKey);

    public string Relative(ByteString fullKey)
    {
        var key = fullKey.ToStringUtf8();
        return key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..] : key;
    }

    public static string Value(ByteString value) => value.ToStringUtf8();

    public static ByteString Value(string value) => ByteString.CopyFrom(Encoding.UTF8.GetBytes(value));

    /// <summary>The smallest key greater than every key starting with <paramref name="prefix"/>: drop trailing 0xFF bytes, then increment the last.</summary>
    private static byte[] RangeEndOf(byte[] prefix)
    {
        for (var i = prefix.Length - 1; i >= 0; i--)
        {
            if (prefix[i] < 0xFF)
            {
                var end = prefix[..(i + 1)];
                end[i]++;
                return end;
            }
        }

        // Only 0xFF bytes: every key after the prefix ("\0" means "to the end of the key space" in etcd).
        return [0];
    }
}
