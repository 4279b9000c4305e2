namespace CowCollections.Internal.VectorTrie;

/// <summary>
/// An inner node of the vector trie. Leaves are plain <c>T[]</c> arrays (exact length 1..Width), so a leaf
/// costs one array header and nothing else.
/// <para>Invariants (checked by <see cref="TrieChecker{T, G}"/>):</para>
/// <list type="bullet">
/// <item><see cref="Children"/> has exactly 1..Width entries, all of one height: leaves under a level-1
/// branch, branches above.</item>
/// <item><see cref="Sizes"/> is null for a <em>balanced</em> branch: every child but the last is full
/// (holds its capacity, <c>Width &lt;&lt; childShift</c>), so indexing is pure radix.</item>
/// <item>Otherwise the branch is <em>relaxed</em> and <c>Sizes[i]</c> is the number of elements in
/// children 0..i (strictly increasing, same length as <see cref="Children"/>).</item>
/// <item>A branch is mutated in place only when <see cref="Owner"/> is the live token of the builder
/// doing the edit; its <see cref="Sizes"/> array is then private to it.</item>
/// <item><see cref="OwnedLeaves"/> (level-1 branches only) has bit i set only if leaf i was allocated by
/// <see cref="Owner"/> and is referenced nowhere else; it is meaningful only while the owner is live.</item>
/// </list>
/// </summary>
internal sealed class Branch
{
    public Branch(object[] children, int[]? sizes, EditToken? owner, uint ownedLeaves = 0)
    {
        Children = children;
        Sizes = sizes;
        Owner = owner;
        OwnedLeaves = ownedLeaves;
    }

    public object[] Children;

    public int[]? Sizes;

    public EditToken? Owner;

    public uint OwnedLeaves;
}
