namespace CowCollections.Tests;

public class SmokeTests
{
    [Fact]
    public void Collection_expression_builds_a_list()
    {
        PersistentList<int> xs = [1, 2, 3];
        Assert.Equal([1, 2, 3], xs.ToArray());
    }
}
