namespace CowCollections.Internal.Persistence;

/// <summary>
/// What the segment layer needs of the core's shared internals: the node geometry its header records. The
/// segment layer reaches the core's internals only through this folder (an architecture test enforces it).
/// </summary>
internal static class SharedPersistence
{
    /// <summary>Bits per level of the vector trie (lists and arrays), as the segment header records it.</summary>
    public const int VectorBits = TrieGeometry.VectorBits;

    /// <summary>Bits of the hash per CHAMP level, as the segment header records it.</summary>
    public const int ChampBits = TrieGeometry.ChampBits;
}
