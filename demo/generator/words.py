"""The vocabulary of generated records (names, villages, titles, collectives) and their folded
forms."""

import functools

from danvan.text import fold
from models_registry.models import (
    CollectiveKind,
)
from territory.models import split_prefix

# ---------------------------------------------------------------- vocabulary

ETHNICITIES = [("Tày", 52), ("Dao", 17), ("Kinh", 12), ("Nùng", 9), ("Mông", 7), ("Sán Chay", 2)]
SURNAMES = {
    "Tày": ["Hoàng", "Nông", "Ma", "Lục", "Hà", "Dương", "Lường", "Bế", "Đàm", "Hứa", "Quan"],
    "Nùng": ["Hoàng", "Nông", "Lăng", "Vi", "Lộc", "Sầm", "Chu", "Lý", "Mã"],
    "Dao": ["Triệu", "Bàn", "Đặng", "Lý", "Phùng", "Chảo"],
    "Mông": ["Giàng", "Vàng", "Lý", "Thào", "Mùa", "Sùng", "Hầu"],
    "Kinh": ["Nguyễn", "Trần", "Lê", "Phạm", "Đỗ", "Vũ", "Bùi", "Ngô"],
    "Sán Chay": ["La", "Tằng", "Hoàng", "Lương"],
}
MALE_MIDDLE = ["Văn", "Văn", "Đức", "Minh", "Quang", "Tiến", "Seo", "Văn"]
FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Thu", "Thanh", "Mai", "Thị Thu"]
MALE_GIVEN = ["Sơn", "Hùng", "Dũng", "Cường", "Thắng", "Phúc", "Tuấn", "Lâm", "Chiến", "Vần",
              "Pủ", "Chòi", "Quyết", "Thành", "Kiên", "Hải", "Long", "Toán", "Định", "Pháo"]  # fmt: skip
FEMALE_GIVEN = ["Giang", "Hoa", "Lan", "Mai", "Thủy", "Hằng", "Nga", "Hương", "Liên", "Dung",
                "Mỷ", "Sim", "Nhất", "Thơm", "Vân", "Xuân", "Chiêm", "Hiền", "Mến", "Pằn"]  # fmt: skip
VILLAGE_FIRST = ["Nà", "Khuổi", "Pác", "Cốc", "Khau", "Phja", "Lũng", "Còn", "Nặm", "Bó", "Pò",
                 "Nà", "Kéo", "Thôm", "Slam", "Bản"]  # fmt: skip
VILLAGE_SECOND = ["Hin", "Tẩu", "Mòn", "Pục", "Lạn", "Vài", "Mạ", "Đon", "Quang", "Duồng", "Châm",
                  "Lần", "Phai", "Khiếu", "Pjạ", "Luông", "Coóc", "Chang", "Nghịu", "Tàu", "Bưa",
                  "Slưa", "Mỏ", "Lẹng", "Cáy", "Tặc", "Phiêng", "Đíp", "Nưa", "Kẹ"]  # fmt: skip
CROPS = ["xen canh Dưa-Lúa", "trồng cây quế", "nuôi ngựa bạch", "trồng cam, quýt",
         "nuôi lợn đen địa phương", "trồng chè Shan tuyết", "nuôi ong lấy mật", "trồng dong riềng",
         "chăn nuôi trâu vỗ béo", "trồng cây hồi", "trồng rau an toàn", "nuôi cá ruộng"]  # fmt: skip
REJECTION_REASONS = [
    "Kết quả chưa rõ nét, chưa có số liệu định lượng.",
    "Mô hình trùng với mô hình đã công nhận năm trước.",
    "Hồ sơ thiếu minh chứng kết quả thực hiện.",
    "Phạm vi ảnh hưởng còn hẹp, chưa có khả năng nhân rộng.",
]
RETURN_REASON = "Đề nghị bổ sung minh chứng kết quả thực hiện (ảnh, số liệu hộ tham gia)."

# (field code, keyword of the NTM criterion it serves or None, first year, title pattern)
# {tai}: "tại thôn Nà Hin, xã Giáo Hiệu"; {xa}: "xã Giáo Hiệu"; {noi}: "thôn Nà Hin" or the commune.
TITLES = [
    (
        "BK-NTM",
        "Giao thông",
        2011,
        "Vận động nhân dân hiến đất làm đường giao thông nông thôn {tai}",
    ),
    ("BK-NTM", "Giao thông", 2011, "Vận động nhân dân góp công, góp đất bê tông hóa đường {noi}"),
    (
        "BK-NTM",
        "Môi trường",
        2011,
        "Vận động nhân dân xây dựng và bảo vệ môi trường xanh, sạch, đẹp {tai}",
    ),
    ("BK-NTM", "*", 2016, "Vận động nhân dân thực hiện {tieu_chi} {tai}"),
    ("BK-NTM", "Văn hóa", 2011, "Vận động nhân dân xây dựng nhà văn hóa {noi}"),
    ("BK-NTM", "Điện", 2017, "Thắp sáng đường quê {tai}"),
    ("BK-NTM", "Nhà ở", 2011, "Vận động nhân dân giúp hộ nghèo xóa nhà tạm {tai}"),
    ("BK-NTM", "Môi trường", 2018, "Vận động nhân dân tham gia xây dựng tuyến đường hoa {tai}"),
    ("BK-CCHC", None, 2011, "Dân vận khéo trong cải cách hành chính {tai_xa}"),
    (
        "BK-CCHC",
        None,
        2011,
        "Dân vận khéo trong tiếp công dân và giải quyết thủ tục hành chính {tai_xa}",
    ),
    (
        "BK-CCHC",
        None,
        2020,
        "Vận động nhân dân chuyển đổi số, thanh toán không dùng tiền mặt {tai_xa}",
    ),
    ("BK-CCHC", None, 2021, "Vận động người dân sử dụng dịch vụ công trực tuyến {tai_xa}"),
    ("BK-DCQ", None, 2011, "Nâng cao chất lượng sinh hoạt chi bộ {noi}"),
    (
        "BK-DCQ",
        None,
        2011,
        "Vận động đoàn viên, hội viên tham gia xây dựng khu dân cư văn hóa {tai}",
    ),
    (
        "BK-DCQ",
        None,
        2011,
        "Phát huy vai trò người có uy tín trong đồng bào dân tộc thiểu số {tai}",
    ),
    (
        "BK-VHDL",
        "Văn hóa",
        2011,
        "Vận động nhân dân giữ gìn bản sắc văn hóa dân tộc {dan_toc} {tai}",
    ),
    (
        "BK-VHDL",
        None,
        2015,
        "Vận động nhân dân làm du lịch cộng đồng gắn với giữ gìn nhà sàn truyền thống {tai}",
    ),
    (
        "VHXH",
        "Văn hóa",
        2011,
        "Vận động đồng bào {dan_toc} xóa bỏ hủ tục trong việc cưới, việc tang {tai}",
    ),
    ("VHXH", "Nghèo", 2011, "Vận động hộ nghèo vươn lên thoát nghèo bền vững {tai}"),
    ("VHXH", "Y tế", 2021, "Vận động người dân tiêm chủng phòng COVID-19 {tai_xa}"),
    (
        "VHXH",
        None,
        2011,
        "Vận động hội viên phụ nữ tiết kiệm giúp nhau phát triển kinh tế {tai_xa}",
    ),
    (
        "KT",
        "Thu nhập",
        2011,
        "Vận động cán bộ, hội viên và nhân dân phát triển kinh tế {cay} {tai}",
    ),
    ("KT", "sản xuất", 2011, "Vận động nhân dân liên kết sản xuất, tiêu thụ sản phẩm {cay} {tai}"),
    ("KT", None, 2011, "Vận động thanh niên lập nghiệp, khởi nghiệp {tai_xa}"),
    (
        "QPAN",
        "An ninh",
        2011,
        "Vận động nhân dân tham gia giữ gìn an ninh trật tự ở khu dân cư {noi}",
    ),
    ("QPAN", None, 2011, "Vận động người dân không trồng, tái trồng cây thuốc phiện {tai_xa}"),
    ("QPAN", "An ninh", 2011, "Tổ hòa giải ở cơ sở giải quyết mâu thuẫn trong nhân dân {tai}"),
    ("HTCT", "chính trị", 2011, "Vận động nhân dân tham gia bảo vệ rừng đầu nguồn {tai}"),
]

# (kind, name pattern, level the collective sits at, weight)
COLLECTIVES = [
    (CollectiveKind.PARTY, "Chi bộ {thon}", "village", 14),
    (CollectiveKind.PARTY, "Đảng ủy {xa}", "commune", 4),
    (CollectiveKind.PARTY, "Chi bộ Văn phòng Huyện ủy {huyen}", "district", 2),
    (CollectiveKind.AGENCY, "Văn phòng HĐND và UBND {huyen}", "district", 2),
    (CollectiveKind.AGENCY, "Phòng Nông nghiệp và Phát triển nông thôn {huyen}", "district", 1),
    (CollectiveKind.AGENCY, "Bộ phận tiếp nhận và trả kết quả {xa}", "commune", 3),
    (CollectiveKind.AGENCY, "Trạm Y tế {xa}", "commune", 2),
    (CollectiveKind.FRONT, "Ủy ban MTTQ Việt Nam {xa}", "commune", 5),
    (CollectiveKind.FRONT, "Ban Công tác Mặt trận {thon}", "village", 10),
    (CollectiveKind.FARMERS, "Hội Nông dân {xa}", "commune", 6),
    (CollectiveKind.FARMERS, "Chi hội Nông dân {thon}", "village", 6),
    (CollectiveKind.WOMEN, "Hội Liên hiệp Phụ nữ {xa}", "commune", 5),
    (CollectiveKind.WOMEN, "Chi hội Phụ nữ {thon}", "village", 6),
    (CollectiveKind.YOUTH, "Đoàn Thanh niên {xa}", "commune", 4),
    (CollectiveKind.YOUTH, "Chi đoàn {thon}", "village", 3),
    (CollectiveKind.VETERANS, "Hội Cựu chiến binh {xa}", "commune", 4),
    (CollectiveKind.VETERANS, "Chi hội Cựu chiến binh {thon}", "village", 3),
    (CollectiveKind.TRADE_UNION, "Công đoàn Trường Tiểu học và THCS {xa_ten}", "commune", 1),
    (CollectiveKind.ARMED_FORCES, "Công an {xa}", "commune", 3),
    (CollectiveKind.ARMED_FORCES, "Ban Chỉ huy Quân sự {xa}", "commune", 1),
    (CollectiveKind.MOBILISATION_BLOC, "Khối dân vận {xa}", "commune", 3),
    (CollectiveKind.VILLAGE, "{Thon}", "village", 8),
    (CollectiveKind.ENTERPRISE, "Hợp tác xã Nông nghiệp {xa_ten}", "commune", 1),
]


@functools.lru_cache(maxsize=65536)
def lower_prefix(name):
    """ "Xã Giáo Hiệu" -> "xã Giáo Hiệu" (as written inside a sentence)."""
    prefix, rest = split_prefix(name)
    return f"{prefix} {rest}" if prefix else name


@functools.lru_cache(maxsize=65536)
def folded_name(name):
    """Names (implementers, place labels) repeat: each is folded once."""
    return fold(name)
