namespace CowCollections.Internal;

/// <summary>
/// The bit geometry of a trie, as a type parameter so the JIT folds it to constants.
/// Engines are generic over it; the public types use <see cref="DefaultGeometry"/>, and the tests
/// also run the engines with <see cref="TinyGeometry"/> so that a few thousand items make deep trees.
/// </summary>
internal interface ITrieGeometry
{
    /// <summary>Bits of an index consumed per level.</summary>
    static abstract int Bits { get; }

    /// <summary>Children per node: <c>1 &lt;&lt; Bits</c>.</summary>
    static abstract int Width { get; }

    /// <summary><c>Width - 1</c>.</summary>
    static abstract int Mask { get; }
}

/// <summary>The single home of every node-geometry constant in the library.</summary>
internal static class TrieGeometry
{
    /// <summary>Bits per level of the vector trie (32-way).</summary>
    public const int VectorBits = 5;

    /// <summary>Bits of the hash consumed per CHAMP level (32-way, one <see cref="uint"/> bitmap).</summary>
    public const int ChampBits = 5;

    /// <summary>Children per CHAMP node.</summary>
    public const int ChampWidth = 1 << ChampBits;

    /// <summary>Mask of one CHAMP level's hash fragment.</summary>
    public const int ChampMask = ChampWidth - 1;

    /// <summary>Levels after which a 32-bit hash is used up and only collision nodes remain.</summary>
    public const int ChampMaxDepth = (32 + ChampBits - 1) / ChampBits;

    /// <summary>Bits per level of the tiny trie the tests use to reach depth 6+ with few items.</summary>
    public const int TinyBits = 2;

    /// <summary>
    /// log2 of the bytes a chunk of a persistent array aims for (1 KiB: 16 cache lines, one copy per
    /// write stays cheap). The per-element-type chunk size is derived from it in <c>ChunkGeometry&lt;T&gt;</c>.
    /// </summary>
    public const int ArrayChunkByteBits = 10;

    /// <summary>log2 of the fewest elements in a chunk (8), so that large structs still get a chunk, not a cell.</summary>
    public const int ArrayChunkMinBits = 3;
}

/// <summary>The geometry of every public collection: 32-way.</summary>
internal readonly struct DefaultGeometry : ITrieGeometry
{
    public static int Bits => TrieGeometry.VectorBits;

    public static int Width => 1 << TrieGeometry.VectorBits;

    public static int Mask => (1 << TrieGeometry.VectorBits) - 1;
}

/// <summary>A 4-way geometry for tests: trees reach depth 6 with a few thousand items.</summary>
internal readonly struct TinyGeometry : ITrieGeometry
{
    public static int Bits => TrieGeometry.TinyBits;

    public static int Width => 1 << TrieGeometry.TinyBits;

    public static int Mask => (1 << TrieGeometry.TinyBits) - 1;
}
