namespace CivicTrack.Demo;

/// <summary>The administrative procedures of the demo's dossiers: the common ones of communes and wards, and those of
/// each department. Codes follow the national procedure database's shape; time limits are in days.</summary>
internal static class DemoProcedures
{
    public sealed record Procedure(string Code, string Name, string Sector, byte Level, int Days, int Weight);

    private const string CivilStatus = "Hộ tịch";
    private const string Certification = "Chứng thực";
    private const string Land = "Đất đai";
    private const string Construction = "Xây dựng";
    private const string Business = "Đăng ký kinh doanh";
    private const string Justice = "Tư pháp";
    private const string Social = "Lao động – Thương binh và Xã hội";
    private const string Health = "Y tế";
    private const string Education = "Giáo dục và Đào tạo";
    private const string Trade = "Công Thương";
    private const string Culture = "Văn hóa, Thể thao và Du lịch";
    private const string Home = "Nội vụ";
    private const string Science = "Khoa học và Công nghệ";
    private const string Environment = "Môi trường";
    private const string Agriculture = "Nông nghiệp";
    private const string Finance = "Tài chính";
    private const string Residence = "Đăng ký, quản lý cư trú";
    private const string Vehicles = "Đăng ký, quản lý phương tiện giao thông";
    private const string Security = "Quản lý ngành nghề kinh doanh có điều kiện về an ninh, trật tự";
    private const string Religion = "Tôn giáo";

    /// <summary>What a commune or ward handles, by how often it comes.</summary>
    public static readonly Procedure[] Commune =
    [
        new("1.001193", "Đăng ký khai sinh", CivilStatus, 4, 1, 24),
        new("1.000656", "Đăng ký khai tử", CivilStatus, 4, 1, 5),
        new("1.000894", "Đăng ký kết hôn", CivilStatus, 3, 3, 6),
        new("1.004873", "Cấp giấy xác nhận tình trạng hôn nhân", CivilStatus, 4, 3, 8),
        new("2.000635", "Cấp bản sao trích lục hộ tịch", CivilStatus, 4, 1, 6),
        new("1.004859", "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", CivilStatus, 3, 3, 2),
        new("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", Certification, 3, 1, 18),
        new("2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản", Certification, 3, 1, 6),
        new("2.001035", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất, nhà ở", Certification, 2, 2, 3),
        new("1.004227", "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", Land, 3, 10, 4),
        new("1.012785", "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận lần đầu", Land, 3, 15, 1),
        new("1.003554", "Hòa giải tranh chấp đất đai", Land, 2, 15, 1),
        new("1.001731", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng", Social, 4, 7, 2),
        new("1.001653", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", Social, 4, 3, 1),
        new("1.004946", "Xác nhận hộ gia đình làm nông nghiệp có mức sống trung bình", Social, 4, 7, 1),
        new("2.000720", "Đăng ký thành lập hộ kinh doanh", Business, 4, 3, 2),
        new("2.000719", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", Business, 4, 3, 1),
        new("1.009994", "Cấp giấy phép xây dựng nhà ở riêng lẻ", Construction, 4, 15, 2),
        new("1.004194", "Đăng ký thường trú", Residence, 4, 7, 3),
    ];

    /// <summary>What each department handles; the public administration centre receives for all of them.</summary>
    public static readonly Dictionary<string, Procedure[]> Departments = new(StringComparer.Ordinal)
    {
        ["08-SXD"] =
        [
            new("1.009972", "Cấp giấy phép xây dựng mới đối với công trình cấp I, II", Construction, 3, 15, 3),
            new("1.009974", "Cấp giấy phép sửa chữa, cải tạo công trình", Construction, 3, 15, 2),
            new("1.009794", "Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng", Construction, 3, 15, 1),
            new("1.002662", "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, III", Construction, 4, 10, 2),
        ],
        ["08-STP"] =
        [
            new("2.000488", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam", Justice, 4, 10, 6),
            new("2.000505", "Cấp Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng", Justice, 3, 5, 1),
            new("2.001878", "Đăng ký hoạt động văn phòng công chứng", Justice, 3, 10, 1),
        ],
        ["08-SNNMT"] =
        [
            new("1.004221", "Đăng ký biến động đất đai đối với tổ chức", Land, 3, 10, 3),
            new("1.012790", "Giao đất, cho thuê đất cho tổ chức", Land, 3, 15, 1),
            new("1.004249", "Cấp giấy phép khai thác, sử dụng nước mặt", Environment, 3, 15, 1),
            new("1.010734", "Cấp giấy phép môi trường", Environment, 3, 15, 1),
            new("1.003847", "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm nông lâm thủy sản", Agriculture, 4, 10, 2),
        ],
        ["08-STC"] =
        [
            new("2.001610", "Đăng ký thành lập doanh nghiệp tư nhân, công ty trách nhiệm hữu hạn, công ty cổ phần", Business, 4, 3, 5),
            new("2.002040", "Đăng ký thay đổi nội dung đăng ký doanh nghiệp", Business, 4, 3, 5),
            new("1.009645", "Chấp thuận chủ trương đầu tư của Ủy ban nhân dân tỉnh", Finance, 3, 15, 1),
        ],
        ["08-SYT"] =
        [
            new("1.002394", "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", Health, 3, 15, 2),
            new("1.003996", "Cấp giấy phép hoạt động phòng khám chuyên khoa", Health, 3, 15, 1),
            new("1.004600", "Cấp giấy chứng nhận đủ điều kiện kinh doanh dược", Health, 3, 15, 1),
        ],
        ["08-SGDDT"] =
        [
            new("1.005092", "Chỉnh sửa nội dung văn bằng, chứng chỉ", Education, 4, 5, 2),
            new("1.005095", "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", Education, 4, 1, 3),
            new("1.001639", "Cấp phép hoạt động giáo dục kỹ năng sống", Education, 3, 15, 1),
        ],
        ["08-SCT"] =
        [
            new("2.000633", "Cấp giấy phép bán lẻ sản phẩm rượu", Trade, 4, 10, 2),
            new("2.000176", "Cấp giấy chứng nhận đủ điều kiện cửa hàng bán lẻ xăng dầu", Trade, 3, 15, 1),
            new("1.000468", "Thông báo thực hiện khuyến mại", Trade, 4, 3, 3),
        ],
        ["08-SVHTTDL"] =
        [
            new("1.004510", "Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa", Culture, 4, 10, 1),
            new("1.001029", "Công nhận cơ sở lưu trú du lịch hạng 1 sao, 2 sao, 3 sao", Culture, 3, 15, 1),
            new("1.003647", "Cấp giấy phép tổ chức biểu diễn nghệ thuật", Culture, 4, 5, 2),
        ],
        ["08-SNV"] =
        [
            new("1.005378", "Giải quyết chế độ trợ cấp một lần đối với người có công", Social, 3, 15, 2),
            new("1.000414", "Cấp giấy phép lao động cho người lao động nước ngoài", Social, 4, 5, 1),
            new("1.003132", "Thẩm định, xét tặng danh hiệu thi đua, hình thức khen thưởng", Home, 3, 15, 2),
        ],
        ["08-SKHCN"] =
        [
            new("1.003668", "Cấp giấy phép tiến hành công việc bức xạ (sử dụng thiết bị X-quang chẩn đoán)", Science, 4, 10, 1),
            new("2.001269", "Đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ", Science, 4, 10, 1),
        ],
        ["08-SDTTG"] =
        [
            new("1.001156", "Đăng ký sinh hoạt tôn giáo tập trung", Religion, 3, 15, 1),
            new("1.001098", "Thông báo tổ chức hội nghị thường niên của tổ chức tôn giáo", Religion, 3, 10, 1),
        ],
        ["08-CAT"] =
        [
            new("1.010002", "Cấp giấy phép sử dụng, vận chuyển công cụ hỗ trợ", Security, 3, 10, 1),
            new("2.001185", "Đăng ký, cấp biển số xe ô tô", Vehicles, 4, 2, 6),
            new("1.000228", "Cấp giấy chứng nhận đủ điều kiện về an ninh, trật tự", Security, 4, 5, 2),
        ],
        ["08-VPUBND"] =
        [
            new("1.004602", "Giải quyết khiếu nại lần đầu tại cấp tỉnh", Home, 2, 15, 1),
            new("1.009646", "Điều chỉnh dự án đầu tư thuộc thẩm quyền Ủy ban nhân dân tỉnh", Finance, 3, 15, 1),
        ],
    };

    /// <summary>The procedures a unit handles: a department its own (the centre every department's), a commune or ward
    /// the common list.</summary>
    public static Procedure[] For(string unitCode) =>
        unitCode == "08-TTPVHCC" ? [.. Departments.Values.SelectMany(p => p)]
        : Departments.TryGetValue(unitCode, out var own) ? own : Commune;
}
