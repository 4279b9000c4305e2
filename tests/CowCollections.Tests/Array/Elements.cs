namespace CowCollections.Tests.Arrays;

/// <summary>A 64-byte struct: the large-element case (16 per chunk).</summary>
public readonly record struct Big64(long A, long B, long C, long D, long E, long F, long G, long H)
{
    public static Big64 From(int i) => new(i, -i, i * 3L, 7, i ^ 0x5555, 0, long.MaxValue - i, i);
}

/// <summary>How the model tests make an element of each type from an int.</summary>
public static class Elements
{
    private static readonly string[] Strings = Enumerable.Range(0, 4096).Select(i => "s" + i).ToArray();

    public static byte Byte(int i) => unchecked((byte)(i * 31 + 7));

    public static int Int(int i) => i * 7919 + 1;

    public static string Ref(int i) => Strings[(i & int.MaxValue) % Strings.Length];

    public static Big64 Big(int i) => Big64.From(i);
}
