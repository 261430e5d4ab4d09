"""What each audited action is called in the interface.

Audit rows store a stable code (`registry.child.move`); people read a Vietnamese phrase. One
table for every app, so the home page, a child's history, the printed record and the audit log
all say the same thing.
"""

from __future__ import annotations

ACTION_LABELS: dict[str, str] = {
    # Sign-in and accounts
    "auth.login": "Đăng nhập",
    "auth.logout": "Đăng xuất",
    "auth.two_factor.enrol": "Đăng ký xác thực hai lớp",
    "auth.two_factor.verify": "Xác thực hai lớp",
    "auth.two_factor.device_create": "Tạo thiết bị xác thực",
    "org.user.create": "Thêm người dùng",
    "org.user.update": "Sửa thông tin người dùng",
    "org.user.set_password": "Đặt lại mật khẩu",
    "org.membership.create": "Phân quyền",
    "org.membership.end": "Kết thúc vai trò",
    "org.role_policy.set": "Đổi chính sách bảo mật theo vai trò",
    "org.agency.create": "Thêm cơ quan",
    "org.agency.update": "Sửa thông tin cơ quan",
    "org.agency.succeed": "Ghi nhận cơ quan kế thừa",
    # Units
    "geo.reference.load": "Nạp dữ liệu đơn vị hành chính",
    "geo.village.create": "Thêm thôn/tổ dân phố",
    "geo.village.update": "Sửa thôn/tổ dân phố",
    "core.job.start": "Bắt đầu công việc nền",
    # Child registry
    "registry.child.register": "Đăng ký hồ sơ",
    "registry.child.update": "Cập nhật thông tin",
    "registry.child.import_update": "Cập nhật từ tệp nhập",
    "registry.child.move": "Chuyển nơi cư trú",
    "registry.child.merge": "Gộp hồ sơ trùng",
    "registry.child.unmerge": "Hoàn tác gộp hồ sơ",
    "registry.child.view": "Xem hồ sơ trẻ em",
    "registry.child.export": "Tải danh sách trẻ em",
    "registry.child.record_export": "In phiếu thông tin hồ sơ",
    "registry.caregiver.set": "Cập nhật người chăm sóc",
    "registry.caregiver.remove": "Bỏ người chăm sóc",
    "registry.circumstance.open": "Ghi nhận hoàn cảnh đặc biệt",
    "registry.circumstance.close": "Kết thúc hoàn cảnh đặc biệt",
    "registry.risk.add": "Ghi nhận dấu hiệu nguy cơ",
    "registry.risk.close": "Kết thúc theo dõi nguy cơ",
    "registry.support.add": "Ghi nhận hỗ trợ",
    "registry.proposal.create": "Cộng tác viên gửi đề xuất",
    "registry.proposal.accepted": "Xác nhận đề xuất",
    "registry.proposal.rejected": "Không chấp nhận đề xuất",
    "registry.duplicate.dismiss": "Xác định không trùng",
    "registry.import.start": "Bắt đầu nhập tệp trẻ em",
    "registry.import.finish": "Hoàn thành nhập tệp trẻ em",
    # Plans and indicators
    "plans.plan.create": "Tạo kế hoạch",
    "plans.plan.update": "Sửa kế hoạch",
    "plans.reference.add": "Thêm văn bản căn cứ",
    "plans.target.create": "Đặt mục tiêu",
    "plans.target.update": "Sửa mục tiêu",
    "plans.target.remove": "Xóa mục tiêu",
    "plans.indicator.create": "Thêm chỉ tiêu riêng",
    "plans.indicator.deactivate": "Ngừng dùng chỉ tiêu",
    "plans.responsibility.add": "Phân công chủ trì chỉ tiêu",
    "plans.task.add": "Thêm nhiệm vụ",
    "plans.reporting.add": "Thêm mốc báo cáo",
    "plans.budget.add": "Thêm dòng kinh phí",
    "plans.national.seed": "Nạp kế hoạch quốc gia",
    "plans.measurement.create": "Nhập số liệu",
    "plans.measurement.update": "Sửa số liệu",
    "plans.measurement.submit": "Gửi duyệt số liệu",
    "plans.measurement.approve": "Phê duyệt số liệu",
    "plans.measurement.return": "Trả lại số liệu",
    "plans.measurement.reopen": "Mở khóa số liệu",
    "plans.computed.recompute": "Tính lại chỉ tiêu từ sổ trẻ em",
    "plans.draft.create": "Đọc văn bản kế hoạch",
    "plans.draft.update": "Sửa bản đọc kế hoạch",
    "plans.draft.confirm": "Tạo kế hoạch từ văn bản",
    "plans.draft.discard": "Bỏ bản đọc kế hoạch",
}


def action_label(code: str) -> str:
    """The phrase for an audited action; an unknown code is shown as it is, never hidden."""
    return ACTION_LABELS.get(code, code)
