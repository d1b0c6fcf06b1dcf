"""The models, collectives and individuals the seed articles name, and ten 2026 registrations
for the demo provincial round: the records `demo.registry` loads through the workflow."""

from datetime import date

from danvan.text import fold
from models_registry.models import (
    Collective,
    CollectiveKind,
    Criterion,
    CriterionSet,
    Gender,
    Individual,
    RegistrationType,
)
from territory.models import Unit

SOURCE_PACNAM = "Cổng TTĐT huyện Pác Nặm, 31/05/2019"
SOURCE_BABE = "Báo Bắc Kạn: “Ba Bể tích cực triển khai phong trào Dân vận khéo”"
SOURCE_CHODON = "“Chợ Đồn tiếp tục duy trì và lan tỏa phong trào thi đua dân vận khéo”"
SOURCE_BANTRACH = "“Tích cực giúp đỡ xã khó khăn xây dựng nông thôn mới”, 04/01/2024"
SOURCE_PROVINCE = "backan.gov.vn: “Bắc Kạn: Nâng cao hiệu quả phong trào Dân vận khéo”, 27/12/2017"


def old(code):
    """A unit before 1/7/2025 (district, commune or village by code)."""
    return Unit.objects.get(code=code, valid_from__isnull=True)


def new(code):
    """A commune formed on 1/7/2025."""
    return Unit.objects.get(code=code, valid_from__isnull=False)


def village(name, commune_code):
    return Unit.objects.get(name=name, parent=old(commune_code))


def collective(name, kind, unit):
    found = Collective.objects.filter(search_name=fold(name), unit=unit).first()
    return found or Collective.objects.create(name=name, kind=kind, unit=unit)


def individual(full_name, unit, **extra):
    found = Individual.objects.filter(search_name=fold(full_name), unit=unit).first()
    return found or Individual.objects.create(full_name=full_name, unit=unit, **extra)


def criterion(number, year):
    criterion_set = CriterionSet.objects.for_year(year)
    return Criterion.objects.get(criterion_set=criterion_set, number=number)


def seed_models():
    """(implementer, places, model fields, criteria numbers, yearly progress)."""
    return [
        (
            collective("Chi bộ Văn phòng Huyện ủy Pác Nặm", CollectiveKind.PARTY, old("060")),
            [village("Thôn Nà Hin", "01870")],
            {
                "title": "Vận động nhân dân thực hiện tiêu chí số 17 – Môi trường tại thôn Nà Hin xã Giáo Hiệu",
                "year": 2017,
                "field": "BK-NTM",
                "start_date": date(2017, 1, 1),
                "approach": "Phối hợp với cấp ủy, chính quyền xã, Chi bộ và các đoàn thể thôn Nà Hin; "
                "hướng dẫn đào, xây mái che, hố chứa chất thải chăn nuôi; xây nhà tiêu khô hai ngăn; "
                "nhà tắm; lao động vệ sinh, chỉnh trang đường làng ngõ xóm. Phương châm “Dân biết, "
                "dân bàn, dân làm, dân kiểm tra”.",
                "results": "Thôn Nà Hin chỉ còn 05 hộ nghèo và 04 hộ cận nghèo; gần 100% số hộ có đường "
                "bê tông đến tận cửa nhà.",
                "note": f"Nguồn: {SOURCE_PACNAM}.",
            },
            [17],
            [
                (
                    2018,
                    "Tuyên truyền để nhân dân hiểu quyền lợi, trách nhiệm trong xây dựng NTM; hướng "
                    "dẫn xây hố chứa chất thải chăn nuôi, nhà tiêu khô hai ngăn.",
                    "Thôn Nà Hin được chọn làm thôn điểm xây dựng nông thôn mới.",
                ),
                (
                    2019,
                    "Tiếp tục hỗ trợ thôn Nà Hin thực hiện tiêu chí số 17 – Môi trường.",
                    "Còn 05 hộ nghèo, 04 hộ cận nghèo; gần 100% hộ có đường bê tông đến cửa nhà.",
                ),
            ],
        ),
        (
            collective("Chi bộ Văn phòng Huyện ủy Ba Bể", CollectiveKind.PARTY, old("061")),
            [village("Thôn Khuổi Tẩu", "01894")],
            {
                "title": "Vận động nhân dân xây dựng và bảo vệ môi trường xanh, sạch, đẹp",
                "year": 2023,
                "field": "BK-NTM",
                "start_date": date(2023, 1, 1),
                "end_date": date(2023, 12, 31),
                "approach": "Hội nghị tuyên truyền, hướng dẫn quy cách thực hiện tiêu chí số 17 về Môi "
                "trường; huy động cán bộ, đảng viên lao động vệ sinh phát cỏ, khơi thông cống "
                "thoát nước, chỉnh trang, trồng hoa tại khu vực công cộng.",
                "note": f"Nguồn: {SOURCE_BABE}.",
            },
            [17],
            [],
        ),
        (
            collective("Hội Nông dân xã Nghĩa Tá", CollectiveKind.FARMERS, old("02071")),
            [old("02071")],
            {
                "title": "Vận động cán bộ, hội viên và nhân dân phát triển kinh tế xen canh Dưa-Lúa nâng cao thu nhập",
                "year": 2018,
                "field": "KT",
                "start_date": date(2018, 1, 1),
                "end_date": date(2020, 12, 31),
                "results": "Được Ban Dân vận Trung ương công nhận là mô hình dân vận khéo; Hội Nông dân "
                "xã Nghĩa Tá được Ban Dân vận Trung ương tặng Bằng khen (giai đoạn 2018–2020).",
                "note": f"Nguồn: {SOURCE_CHODON}.",
            },
            [],
            [
                (
                    2021,
                    "Tiếp tục tuyên truyền, vận động nhân dân áp dụng khoa học kỹ thuật vào phát "
                    "triển kinh tế; Ban Dân vận Huyện ủy kiểm tra mô hình tại xã Nghĩa Tá.",
                    "",
                )
            ],
        ),
        (
            collective(
                "Chi bộ thôn Nà Duồng", CollectiveKind.PARTY, village("Thôn Nà Duồng", "02065")
            ),
            [village("Thôn Nà Duồng", "02065")],
            {
                "title": "Vận động nhân dân thôn Nà Duồng thực hiện phong trào thi đua “Dân vận khéo”",
                "year": 2018,
                "field": "HTCT",
                "results": "Chi bộ Nà Duồng, xã Bằng Lãng được Ban Dân vận Tỉnh ủy khen (giai đoạn "
                "2018–2020).",
                "note": f"Nguồn: {SOURCE_CHODON}. Tên mô hình ghi theo nội dung bài viết.",
            },
            [],
            [],
        ),
        (
            collective("Hội Nông dân xã Bằng Phúc", CollectiveKind.FARMERS, old("02041")),
            [old("02041")],
            {
                "title": "Vận động hội viên nông dân thi đua sản xuất, kinh doanh giỏi",
                "year": 2018,
                "field": "KT",
                "results": "Hội Nông dân xã Bằng Phúc được Ban Dân vận Tỉnh ủy khen (giai đoạn 2018–2020).",
                "note": f"Nguồn: {SOURCE_CHODON}. Tên mô hình ghi theo nội dung bài viết.",
            },
            [],
            [],
        ),
        (
            individual(
                "Quan Thị Giang",
                old("01873"),
                gender=Gender.FEMALE,
                position="Hộ chăn nuôi, xã Xuân La",
            ),
            [old("01873")],
            {
                "title": "Phát triển mô hình chăn nuôi ngựa bạch, ngựa thịt, tạo việc làm cho lao động địa phương",
                "year": 2017,
                "field": "KT",
                "results": "Tạo việc làm cho nhiều lao động địa phương.",
                "note": f"Nguồn: {SOURCE_PROVINCE}.",
            },
            [],
            [],
        ),
        (
            individual(
                "Phạm Quốc Bình",
                old("065"),
                gender=Gender.MALE,
                position="Bí thư Chi bộ 4, thị trấn Chợ Mới",
            ),
            [old("065")],
            {
                "title": "Vận động nhân dân xây dựng tổ dân phố văn hóa",
                "year": 2017,
                "field": "VHXH",
                "note": f"Nguồn: {SOURCE_PROVINCE}. Địa bàn: thị trấn Chợ Mới, huyện Chợ Mới (tên "
                "thị trấn khi bài viết đăng).",
            },
            [],
            [],
        ),
        (
            collective(
                "Tổ dân phố 11A, phường Sông Cầu",
                CollectiveKind.VILLAGE,
                village("Tổ dân phố 11A", "01837"),
            ),
            [village("Tổ dân phố 11A", "01837")],
            {
                "title": "Vận động các hộ dân làm tốt công tác vệ sinh môi trường và thắp sáng ngõ hẻm",
                "year": 2017,
                "field": "BK-NTM",
                "note": f"Nguồn: {SOURCE_PROVINCE}.",
            },
            [],
            [],
        ),
        (
            individual(
                "Dương Văn Tu",
                old("064"),
                gender=Gender.MALE,
                position="Công an huyện Chợ Đồn",
            ),
            [old("064")],
            {
                "title": "Vận động quần chúng vùng đồng bào dân tộc Mông không theo đạo trái pháp luật",
                "year": 2017,
                "field": "QPAN",
                "note": f"Nguồn: {SOURCE_PROVINCE}. Bài viết không nêu xã.",
            },
            [],
            [],
        ),
        (
            collective(
                "Ban Công tác Mặt trận tổ 2, phường Đức Xuân",
                CollectiveKind.FRONT,
                village("Tổ dân phố 2", "01840"),
            ),
            [village("Tổ dân phố 2", "01840")],
            {
                "title": "Vận động quần chúng nhân dân tích cực thực hiện phong trào “Toàn dân bảo vệ an ninh Tổ quốc”",
                "year": 2017,
                "field": "QPAN",
                "note": f"Nguồn: {SOURCE_PROVINCE}.",
            },
            [],
            [],
        ),
        (
            collective("Khối dân vận xã Quân Bình", CollectiveKind.MOBILISATION_BLOC, old("063")),
            [old("063")],
            {
                "title": "Vận động hội viên, nông dân hiến đất làm đường giao thông liên thôn",
                "year": 2017,
                "field": "BK-NTM",
                "results": "Hội viên, nông dân hiến hàng nghìn m² đất làm đường giao thông liên thôn; "
                "xã Quân Bình được công nhận đạt chuẩn nông thôn mới.",
                "note": f"Nguồn: {SOURCE_PROVINCE}. Xã Quân Bình (huyện Bạch Thông) không còn trong "
                "danh mục đơn vị hành chính hiện có, nên địa bàn ghi theo huyện.",
            },
            [],
            [],
        ),
        (
            collective("Hội Phụ nữ xã Nông Hạ", CollectiveKind.WOMEN, old("02107")),
            [old("02107")],
            {
                "title": "Tuyên truyền các tiêu chí nông thôn mới, vận động hộ hiến đất làm đường giao thông liên thôn",
                "year": 2017,
                "field": "BK-NTM",
                "households_mobilised": 120,
                "results": "Vận động thành công 120 hộ hiến đất làm đường giao thông liên thôn.",
                "note": f"Nguồn: {SOURCE_PROVINCE}.",
            },
            [],
            [],
        ),
        (
            collective("Hội Cựu chiến binh xã Cường Lợi", CollectiveKind.VETERANS, old("02152")),
            [old("02152")],
            {
                "title": "Vận động hội viên tham gia phát triển kinh tế - xã hội",
                "year": 2017,
                "field": "KT",
                "note": f"Nguồn: {SOURCE_PROVINCE}.",
            },
            [],
            [],
        ),
        (
            collective(
                "Khối dân vận xã Bành Trạch", CollectiveKind.MOBILISATION_BLOC, old("01891")
            ),
            [village("Thôn Pác Châm", "01891"), village("Thôn Nà Lần", "01891")],
            {
                "title": "Vận động Nhân dân xây dựng cảnh quan môi trường nông thôn xanh - sạch - đẹp, an toàn",
                "year": 2023,
                "field": "BK-NTM",
                "registration_type": RegistrationType.CARRIED_OVER,
                "partners": "Ban Dân vận Tỉnh ủy giúp đỡ xã Bành Trạch",
                "approach": "Ban Dân vận Tỉnh ủy hướng dẫn Khối Dân vận xã thực hiện Đề án số 06-ĐA/TU "
                "ngày 03/02/2023; hội nghị tuyên truyền về xây dựng NTM tại thôn Pác Châm; ra quân "
                "tổng vệ sinh đường làng, ngõ xóm tại hai thôn Nà Lần và Pác Châm.",
                "results": "Cổng chào thôn Pác Châm xây dựng từ kinh phí ủng hộ của công đoàn cơ quan "
                "Ban Dân vận Tỉnh ủy; trên 80 đại biểu dự hội nghị tuyên truyền.",
                "note": f"Nguồn: {SOURCE_BANTRACH}.",
            },
            [17],
            [
                (
                    2023,
                    "Đóng góp kinh phí xây dựng cổng chào thôn Pác Châm; hội nghị tuyên truyền về "
                    "xây dựng NTM; tổng vệ sinh tại thôn Nà Lần và Pác Châm; hướng dẫn duy trì, nhân "
                    "rộng 3 mô hình “Dân vận khéo” tại địa phương.",
                    "Trên 80 đại biểu dự hội nghị tuyên truyền.",
                )
            ],
        ),
        (
            collective("Công ty Điện lực Bắc Kạn", CollectiveKind.ENTERPRISE, old("06")),
            [village("Thôn 1A Nà Loạn", "01978"), village("Thôn 2 Khau Cưởm", "01978")],
            {
                "title": "Thắp sáng đường quê tại thôn 1A Nà Loạn và thôn 2 Khau Cưởm",
                "year": 2023,
                "field": "BK-NTM",
                "partners": "Ban Nội chính Tỉnh ủy chủ trì, giúp đỡ xã Sỹ Bình xây dựng nông thôn mới",
                "results": "Hai công trình thắp sáng đường quê; tặng 10 suất quà cho học sinh có hoàn "
                "cảnh khó khăn tại Trường Tiểu học và THCS xã Sỹ Bình. Tổng giá trị các nội dung "
                "trên 354 triệu đồng.",
                "note": f"Nguồn: {SOURCE_BANTRACH}.",
            },
            [],
            [],
        ),
        (
            collective("Đảng ủy xã Thượng Giáo", CollectiveKind.PARTY, old("01912")),
            [old("01912")],
            {
                "title": "Vận động nhân dân duy trì tiêu chí môi trường sau khi xã đạt chuẩn nông thôn mới",
                "year": 2023,
                "field": "BK-NTM",
                "registration_type": RegistrationType.CARRIED_OVER,
                "approach": "Tuyên truyền người dân duy trì, phát huy kết quả đã đạt; cán bộ, đảng viên "
                "và nhân dân chung tay tu sửa đường giao thông liên thôn.",
                "results": "Các tuyến đường nội thôn, liên thôn luôn được vệ sinh sạch sẽ.",
                "note": f"Nguồn: {SOURCE_BABE}.",
            },
            [17],
            [],
        ),
    ]


# Ten 2026 registrations in the communes formed from Ba Bể, Chợ Đồn and Pác Nặm, waiting for
# the demo provincial round. Criteria numbers are those of the 2026-2030 set (8 = environment).
MODELS_2026 = [
    (
        "01894",
        "Đảng ủy xã Phúc Lộc",
        CollectiveKind.PARTY,
        "Vận động nhân dân giữ gìn cảnh quan, vệ sinh môi trường quanh hồ Ba Bể",
        "BK-NTM",
        [8],
    ),
    (
        "01912",
        "Hội Liên hiệp Phụ nữ xã Chợ Rã",
        CollectiveKind.WOMEN,
        "Vận động hội viên phụ nữ phân loại rác thải tại nguồn",
        "BK-NTM",
        [8],
    ),
    (
        "01906",
        "Đoàn Thanh niên xã Ba Bể",
        CollectiveKind.YOUTH,
        "Thanh niên tình nguyện hướng dẫn người dân làm thủ tục hành chính trực tuyến",
        "BK-CCHC",
        [],
    ),
    (
        "01921",
        "Hội Nông dân xã Thượng Minh",
        CollectiveKind.FARMERS,
        "Vận động hội viên liên kết trồng và tiêu thụ cây dong riềng",
        "KT",
        [],
    ),
    (
        "02071",
        "Hội Cựu chiến binh xã Nghĩa Tá",
        CollectiveKind.VETERANS,
        "Vận động hội viên giúp nhau phát triển kinh tế, giảm nghèo bền vững",
        "KT",
        [],
    ),
    (
        "02020",
        "Công an xã Chợ Đồn",
        CollectiveKind.ARMED_FORCES,
        "Vận động nhân dân tham gia tự quản về an ninh trật tự ở khu dân cư",
        "QPAN",
        [],
    ),
    (
        "02026",
        "Ủy ban Mặt trận Tổ quốc xã Nam Cường",
        CollectiveKind.FRONT,
        "Vận động nhân dân hiến đất, góp ngày công làm đường giao thông nông thôn",
        "BK-NTM",
        [2],
    ),
    (
        "02044",
        "Hội Nông dân xã Yên Thịnh",
        CollectiveKind.FARMERS,
        "Vận động hội viên trồng rừng gỗ lớn gắn với bảo vệ rừng",
        "KT",
        [],
    ),
    (
        "01864",
        "Chi bộ thôn Nà Hin, xã Bằng Thành",
        CollectiveKind.PARTY,
        "Vận động nhân dân duy trì tiêu chí môi trường thôn Nà Hin",
        "BK-NTM",
        [8],
    ),
    (
        "01882",
        "Hội Liên hiệp Phụ nữ xã Nghiên Loan",
        CollectiveKind.WOMEN,
        "Vận động phụ nữ dân tộc thiểu số giữ gìn nghề dệt thổ cẩm gắn với du lịch",
        "BK-VHDL",
        [],
    ),
]
