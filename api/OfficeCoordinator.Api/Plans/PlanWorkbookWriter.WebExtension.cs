using DocumentFormat.OpenXml.Office2013.WebExtension;
using DocumentFormat.OpenXml.Office2013.WebExtentionPane;

namespace OfficeCoordinator.Api.Plans;

// The web extension parts that make Excel open the OfficeCoordinator pane with the workbook (Microsoft's
// "Automatically open a task pane with a document"): a web extension naming the add-in and its store, tagged
// Office.AutoShowTaskpaneWithDocument, and a visible task pane docked on the right that shows it. Excel opens it
// only when that add-in is installed; elsewhere (LibreOffice, Excel without the add-in) the parts are ignored.
public static partial class PlanWorkbookWriter
{
    public const string AutoShowTaskpaneProperty = "Office.AutoShowTaskpaneWithDocument";
    public const string TaskpanesPath = "xl/webextensions/taskpanes.xml";
    public const string WebExtensionPath = "xl/webextensions/webextension1.xml";

    private const string TaskpanesContentType = "application/vnd.ms-office.webextensiontaskpanes+xml";
    private const string WebExtensionContentType = "application/vnd.ms-office.webextension+xml";
    private const string TaskpanesRelationship = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes";
    private const string WebExtensionRelationship = "http://schemas.microsoft.com/office/2011/relationships/webextension";

    // The id of this one instance of the add-in in the workbook (Office makes up a GUID for each instance it inserts).
    private const string WebExtensionInstance = "{E189742B-2B93-4C0F-AE8C-DC7F083974C8}";

    // Points, about what Excel gives a new pane; the pane itself is laid out for 320 pixels and up.
    private const double TaskpaneWidth = 350;

    private static async Task WriteWebExtensionAsync(PlanExportPackage zip, PlanWorkbookOptions options, CancellationToken cancellationToken)
    {
        // visibility 1: the pane opens the first time too, after Excel asks the user to trust the add-in.
        var taskpanes = new Taskpanes(
            new WebExtensionTaskpane(new WebExtensionPartReference { Id = "webextension" })
            {
                DockState = "right", Visibility = true, Width = TaskpaneWidth, Row = 1, Locked = false,
            });
        await zip.WritePartAsync(TaskpanesPath, taskpanes.OuterXml, cancellationToken);
        using (var rels = StartRelationships(zip, "xl/webextensions/_rels/taskpanes.xml.rels"))
        {
            Relationship(rels, "webextension", WebExtensionRelationship, Path.GetFileName(WebExtensionPath));
            rels.Raw("</Relationships>"u8);
            await rels.CompleteAsync(cancellationToken);
        }

        var webExtension = new WebExtension(
            new WebExtensionStoreReference
            {
                Id = options.AddinId.Trim(), Version = options.AddinVersion.Trim(), Store = options.Store.Trim(), StoreType = options.StoreTypeName,
            },
            new WebExtensionReferenceList(),
            new WebExtensionPropertyBag(new WebExtensionProperty { Name = AutoShowTaskpaneProperty, Value = "true" }),
            new WebExtensionBindingList(),
            new Snapshot())
        {
            Id = WebExtensionInstance,
        };
        await zip.WritePartAsync(WebExtensionPath, webExtension.OuterXml, cancellationToken);
    }
}
