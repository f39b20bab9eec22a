using System.Globalization;
using System.Text.Json;
using CivicTrack.Features.Notifications;

namespace CivicTrack.Tests.Notifications;

/// <summary>Templates render in Vietnamese and English from their arguments; notifications without one keep their stored words.</summary>
public sealed class NotificationTextTests
{
    private static Notification With(string template, Dictionary<string, string> args, string? link = "/tasks/7") => new()
    {
        Title = "stored title", Body = "stored body", Template = template, Args = JsonSerializer.Serialize(args), Link = link,
    };

    public static TheoryData<string> Templates => [.. NotificationTemplates.All];

    [Theory]
    [MemberData(nameof(Templates))]
    public void Every_template_has_a_title_and_body_in_both_languages_using_only_known_placeholders(string template)
    {
        foreach (var culture in new[] { NotificationText.Vietnamese, NotificationText.English })
            foreach (var part in new[] { "Title", "Body" })
            {
                var text = NotificationText.Text($"Template.{template}.{part}", culture);
                Assert.False(string.IsNullOrWhiteSpace(text), $"{template}.{part} in {culture.Name}");
                foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text!, @"\{([A-Za-z]+)\}"))
                    Assert.Contains(m.Groups[1].Value, NotificationTemplates.Placeholders);
            }
        Assert.NotEqual(NotificationText.Text($"Template.{template}.Body", NotificationText.Vietnamese),
            NotificationText.Text($"Template.{template}.Body", NotificationText.English));
    }

    [Fact]
    public void A_task_urging_renders_in_each_language_and_leaves_out_the_lines_it_has_no_words_for()
    {
        var args = new Dictionary<string, string> { ["task"] = "Hỗ trợ cài VNeID", ["due"] = "31/10/2025", ["by"] = "Sở KH&CN" };
        var n = With(NotificationTemplates.TaskUrged, args);
        var (viTitle, viBody) = NotificationText.Render(n, NotificationText.Vietnamese);
        Assert.Equal("Đôn đốc thực hiện nhiệm vụ: Hỗ trợ cài VNeID", viTitle);
        Assert.Contains("«Hỗ trợ cài VNeID» (hạn hoàn thành ngày 31/10/2025)", viBody);
        Assert.Contains("Người đôn đốc: Sở KH&CN", viBody);
        Assert.Contains("Xem nhiệm vụ: /tasks/7", viBody);
        Assert.DoesNotContain("Nội dung đôn đốc", viBody); // no message was given
        Assert.DoesNotContain("{", viBody);

        var (enTitle, enBody) = NotificationText.Render(n, CultureInfo.GetCultureInfo("en-GB"));
        Assert.Equal("Request to speed up a task: Hỗ trợ cài VNeID", enTitle);
        Assert.Contains("due on 31/10/2025", enBody);

        args["message"] = "Báo cáo trước thứ Sáu";
        var (_, withMessage) = NotificationText.Render(With(NotificationTemplates.TaskUrged, args), NotificationText.Vietnamese, links: false, baseUrl: null);
        Assert.Contains("Nội dung đôn đốc: Báo cáo trước thứ Sáu", withMessage);
        Assert.DoesNotContain("/tasks/7", withMessage);
        var (_, absolute) = NotificationText.Render(With(NotificationTemplates.TaskUrged, args), NotificationText.English, links: true, baseUrl: "https://ct.example.gov.vn/");
        Assert.Contains("Open the task: https://ct.example.gov.vn/tasks/7", absolute);
    }

    [Fact]
    public void An_english_form_name_is_used_in_english()
    {
        var n = With(NotificationTemplates.ReportOverdue, new() { ["form"] = "Báo cáo tháng", ["formEn"] = "Monthly report", ["unit"] = "Xã Giáp Trung", ["period"] = "10/2025", ["due"] = "25/10/2025" });
        Assert.Equal("Quá hạn gửi Báo cáo tháng kỳ 10/2025", NotificationText.Render(n, NotificationText.Vietnamese).Title);
        Assert.Equal("Overdue: Monthly report, 10/2025", NotificationText.Render(n, NotificationText.English).Title);
    }

    public static TheoryData<string, string, string, string> DemoFormNames => new()
    {
        // The demo's forms, whose names already say they are reports, and a form named without the word.
        { "Báo cáo kết quả chuyển đổi số", "Digital transformation results report", "ডিজিটাল রূপান্তরের ফলাফল প্রতিবেদন", "" },
        { "Báo cáo kết quả hưởng ứng Ngày Chuyển đổi số quốc gia 10/10/2025", "Report on activities for National Digital Transformation Day, 10 October 2025",
            "জাতীয় ডিজিটাল রূপান্তর দিবস 10/10/2025 উপলক্ষে সাড়াদান কার্যক্রমের ফলাফল প্রতিবেদন", "" },
        { "Kết quả chuyển đổi số", "Digital transformation results", "ডিজিটাল রূপান্তরের ফলাফল", "added" },
    };

    [Theory]
    [MemberData(nameof(DemoFormNames))]
    public void No_report_text_says_report_twice_whatever_the_form_is_called(string vi, string en, string bn, string wordAdded)
    {
        var args = new Dictionary<string, string>
        {
            ["form"] = vi, ["form@en"] = en, ["form@bn"] = bn, ["unit"] = "Xã Thượng Tân", ["period"] = "10/2025", ["due"] = "25/10/2025",
            ["reason"] = "Thiếu số liệu", ["by"] = "Sở KH&CN", ["message"] = "31/12/2025",
        };
        var doubles = new System.Text.RegularExpressions.Regex(@"(?i)\b(báo cáo)\W+báo cáo\b|\breport\W+report\b|প্রতিবেদন\W+প্রতিবেদন|\breport of .*report\b");
        foreach (var template in NotificationTemplates.All.Where(t => t.StartsWith("Report", StringComparison.Ordinal)))
            foreach (var culture in new[] { NotificationText.Vietnamese, NotificationText.English, System.Globalization.CultureInfo.GetCultureInfo("bn-BD") })
            {
                var (title, body) = NotificationText.Render(template, args, culture);
                foreach (var text in new[] { title, body })
                {
                    Assert.DoesNotMatch(doubles, text);
                    Assert.DoesNotContain("{", text);
                }
            }
        var (_, viBody) = NotificationText.Render(NotificationTemplates.ReportApproved, args, NotificationText.Vietnamese);
        var (_, enBody) = NotificationText.Render(NotificationTemplates.ReportApproved, args, NotificationText.English);
        var (_, bnBody) = NotificationText.Render(NotificationTemplates.ReportApproved, args, System.Globalization.CultureInfo.GetCultureInfo("bn-BD"));
        if (wordAdded.Length == 0)
        {
            Assert.StartsWith(vi + " kỳ 10/2025", viBody);
            Assert.StartsWith("The " + en + " of Xã Thượng Tân", enBody);
            Assert.Contains(bn + " অনুমোদিত", bnBody);
        }
        else
        {
            Assert.StartsWith("Báo cáo " + vi + " kỳ 10/2025", viBody);
            Assert.StartsWith("The " + en + " report of Xã Thượng Tân", enBody);
            Assert.Contains(bn + " প্রতিবেদন অনুমোদিত", bnBody);
        }
    }

    [Fact]
    public void Without_a_template_the_stored_words_are_shown()
    {
        var n = new Notification { Title = "Đôn đốc nhiệm vụ", Body = "Đề nghị khẩn trương", Kind = NotificationKind.Urge };
        Assert.Equal(("Đôn đốc nhiệm vụ", "Đề nghị khẩn trương"), NotificationText.Render(n, NotificationText.English));
    }
}
