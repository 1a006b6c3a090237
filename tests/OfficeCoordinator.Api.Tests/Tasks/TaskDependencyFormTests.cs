using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Tasks;

// Predecessors as stored: what Format writes reads back the same through the converter's fast path, and older or
// hand-written forms still read through the cell parser.
public sealed class TaskDependencyFormTests
{
    [Fact]
    public void The_stored_form_reads_back_as_written()
    {
        List<TaskDependency> dependencies = [new(3), new(5, 2), new(7, -1), new(123_456_789, -9_999), new(12, 9_999)];

        var stored = (string)TaskDependencies.Converter.ConvertToProvider(dependencies)!;
        var read = (List<TaskDependency>)TaskDependencies.Converter.ConvertFromProvider(stored)!;

        stored.Should().Be("T-3, T-5+2, T-7-1, T-123456789-9999, T-12+9999");
        read.Should().Equal(dependencies);
        ((List<TaskDependency>)TaskDependencies.Converter.ConvertFromProvider("")!).Should().BeEmpty();
    }

    [Theory]
    [InlineData("t-3;T-5 + 2", 3, 0, 5, 2)]
    [InlineData(" T3 , T-4-1 ", 3, 0, 4, -1)]
    public void Other_cell_forms_still_read(string stored, int first, int firstLag, int second, int secondLag) =>
        ((List<TaskDependency>)TaskDependencies.Converter.ConvertFromProvider(stored)!).Should().Equal(new(first, firstLag), new TaskDependency(second, secondLag));

    [Theory]
    [InlineData("T-")]
    [InlineData("T-3+")]
    [InlineData("T-1234567890")]
    [InlineData("X-3")]
    public void A_stored_value_in_no_cell_form_is_refused(string stored)
    {
        var read = () => TaskDependencies.Converter.ConvertFromProvider(stored);

        read.Should().Throw<FormatException>().WithMessage($"*'{stored}'*");
    }
}
