using System.Runtime.InteropServices;

namespace CowCollections.Internal.Champ;

/// <summary>
/// One key/value pair stored inline (unboxed) in a CHAMP node, with the key's full 32-bit hash so that
/// lookups compare hashes before calling the comparer and structural operations never rehash.
/// </summary>
/// <remarks>
/// Invariant: <see cref="Hash"/> is the key comparer's hash of <see cref="Key"/>, as a <see cref="uint"/>.
/// The layout is sequential: the runtime pads an auto-layout struct to 8 bytes, so an <c>&lt;int,int&gt;</c> entry takes
/// 12 bytes instead of 16 (a struct holding references is laid out by the runtime either way).
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal struct ChampEntry<TKey, TValue>
{
    public TKey Key;
    public TValue Value;
    public uint Hash;

    public ChampEntry(TKey key, TValue value, uint hash)
    {
        Key = key;
        Value = value;
        Hash = hash;
    }
}
