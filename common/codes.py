"""Every response code Kith answers with, one member per outcome (API.md §1.1).

The numbers of the original personal-CRM server are kept. New codes take free numbers
in their domain's range: 1xx accounts, 2xx contacts, 3xx friends, 4xx stories, 5xx
groups and events, 6xx calendars/scheduling, 7xx jobs/locations, 8xx support/chat and
9xx generic outcomes.
"""

from enum import IntEnum


class Code(IntEnum):
    """A response code; ``Code.X.msg`` is its default human message."""

    msg: str

    def __new__(cls, value: int, msg: str) -> "Code":
        obj = int.__new__(cls, value)
        obj._value_ = value
        obj.msg = msg
        return obj

    # --- 1xx accounts ---------------------------------------------------------
    LOGIN_SUCCEEDED = 100, "Logged in."
    LOGIN_FAILED = 101, "Wrong login or password."
    LOGIN_EMAIL_INVALID = 102, "The login email is malformed."
    LOGIN_PASSWORD_INVALID = 103, "The password is missing or malformed."
    LOGIN_EMAIL_UNVERIFIED = 104, "Verify your email address before logging in."
    ACCOUNT_CREATED = 105, "Account created."
    REGISTER_EMAIL_INVALID = 106, "This email address is invalid or already registered."
    REGISTER_PASSWORD_WEAK = 107, "The password does not meet the password policy."
    REGISTER_FAILED = 108, "The account could not be created."
    UPDATE_PASSWORD_WEAK = 109, "The new password does not meet the password policy."
    UPDATE_EMAIL_INVALID = 110, "This email address is invalid or already registered."
    PROFILE_UPDATED = 111, "Profile updated."
    PROFILE_UPDATE_FAILED = 112, "The profile could not be updated."
    REGISTER_USERNAME_TAKEN = 113, "This username is already taken."
    TOKENS_REFRESHED = 114, "Tokens refreshed."
    LOGGED_OUT = 115, "Logged out; the token is disabled."
    EMAIL_VERIFIED = 116, "Email address verified."
    VERIFICATION_TOKEN_INVALID = 117, "The verification link is invalid or has expired."
    VERIFICATION_SENT = (
        118,
        "If the address belongs to an unverified account, a mail is on its way.",
    )
    PASSWORD_RESET_SENT = 119, "If the address belongs to an account, a reset mail is on its way."
    TOKEN_INVALID = 120, "Token authentication failed."
    PASSWORD_RESET_DONE = 121, "Password reset; log in with the new password."
    PASSWORD_RESET_TOKEN_INVALID = 122, "The reset link is invalid or has expired."
    PASSWORD_CHANGED = 123, "Password changed."
    PASSWORD_CURRENT_WRONG = 124, "The current password is wrong."
    USER_RETRIEVED = 125, "User information retrieved."
    USERNAME_AVAILABLE = 126, "The username does not exist."
    USERNAME_TAKEN = 127, "The username exists."
    USERNAME_INVALID = 128, "Usernames are 4 to 32 characters of a-z, 0-9 and _."
    AVATAR_UPDATED = 129, "Avatar updated."
    AVATAR_REMOVED = 130, "Avatar removed."
    ACCOUNT_DELETED = 131, "Account deleted."
    ACCOUNT_DELETE_PASSWORD_WRONG = 132, "The password is wrong; the account was kept."
    USERS_LISTED = 133, "Users listed."
    USER_NOT_FOUND = 134, "User not found."
    PASSWORD_MISMATCH = 135, "The new password and its confirmation differ."
    LOGOUT_TOKEN_INVALID = 136, "The refresh token is invalid, expired or not yours."

    # --- 2xx contacts ---------------------------------------------------------
    CONTACT_ADDED = 200, "Contact added."
    CONTACT_ADD_FAILED = 201, "The contact could not be added."
    CONTACT_DELETED = 205, "Contact deleted."
    CONTACT_UPDATED = 210, "Contact updated."
    CONTACT_UPDATE_FAILED = 211, "The contact could not be updated."
    CONTACT_NOT_FOUND = 212, "Contact not found."
    CONTACTS_LISTED = 215, "Contacts retrieved."
    CONTACT_RETRIEVED = 220, "Contact retrieved."

    # --- 3xx friends ----------------------------------------------------------

    # --- 4xx stories ----------------------------------------------------------
    STORY_ADDED = 400, "Story added."
    STORY_ADD_FAILED = 401, "The story could not be added."
    STORIES_LISTED = 405, "Stories retrieved."
    STORIES_LIST_FAILED = 406, "The stories could not be listed."
    STORY_RETRIEVED = 410, "Story retrieved."
    STORY_RETRIEVE_FAILED = 411, "The story could not be retrieved."
    STORY_UPDATED = 415, "Story updated."
    STORY_UPDATE_FAILED = 416, "The story could not be updated."
    STORY_NOT_FOUND = 421, "Story not found."
    STORY_DELETED = 425, "Story deleted."

    # --- 5xx groups and events ------------------------------------------------
    GROUP_CREATED = 500, "Group created."
    GROUP_CREATE_FAILED = 501, "The group could not be created."
    GROUP_DELETE_FAILED = 502, "The group could not be deleted."
    GROUP_DELETED = 503, "Group deleted."
    GROUP_CONTACT_REMOVED = 504, "Contact removed from the group."
    GROUP_CONTACT_REMOVE_FAILED = 505, "The contact could not be removed from the group."
    GROUP_CONTACT_ADD_FAILED = 506, "The contact could not be added to the group."
    GROUP_CONTACT_ADDED = 507, "Contact added to the group."
    UPCOMING_BIRTHDAYS_LISTED = 509, "Upcoming birthdays listed."
    EVENT_CREATE_FAILED = 512, "The event could not be created."
    EVENT_CREATED = 513, "Event created."
    EVENT_DELETE_FAILED = 514, "The event could not be deleted."
    EVENT_DELETED = 515, "Event deleted."
    EVENT_NOT_FOUND = 516, "Event not found."
    EVENTS_LISTED = 517, "Events listed."
    EVENT_UPDATE_FAILED = 518, "The event could not be updated."
    EVENT_UPDATED = 519, "Event updated."

    # --- 6xx calendars and scheduling -----------------------------------------
    CALENDAR_CREATED = 600, "Calendar created."
    CALENDAR_CREATE_FAILED = 601, "The calendar could not be created."
    CALENDARS_LISTED = 602, "Calendars listed."
    CALENDAR_RETRIEVED = 603, "Calendar retrieved."
    CALENDAR_UPDATED = 604, "Calendar updated."
    CALENDAR_UPDATE_FAILED = 605, "The calendar could not be updated."
    CALENDAR_DELETED = 606, "Calendar deleted."
    CALENDAR_NOT_FOUND = 607, "Calendar not found."
    CALENDAR_OWNER_ONLY = 608, "Only the calendar's owner may do this."
    CALENDAR_DATES_FIXED = 609, "A calendar's dates cannot change once it is created."
    CALENDAR_FINALIZED = 610, "This calendar is finalized and accepts no more changes."
    CALENDAR_ALREADY_FINALIZED = 611, "This calendar is already finalized."
    CALENDAR_FINALIZE_DONE = 612, "Calendar finalized; the meetings are now events."
    INVITEES_LISTED = 620, "Invitees listed."
    INVITEE_ADDED = 621, "Invitee added."
    INVITEE_ADD_FAILED = 622, "The invitee could not be added."
    INVITEE_RETRIEVED = 623, "Invitee retrieved."
    INVITEE_UPDATED = 624, "Invitee updated."
    INVITEE_UPDATE_FAILED = 625, "The invitee could not be updated."
    INVITEE_REMOVED = 626, "Invitee removed with their availabilities and meeting."
    INVITEE_NOT_FOUND = 627, "Invitee not found."
    INVITEE_NOT_FRIEND = 628, "Only friends of the calendar's owner can be invited."
    INVITEE_DUPLICATE = 629, "This user is already invited to this calendar."
    INVITEE_SELF = 630, "The owner cannot invite themselves."
    INVITEE_BLOCKED = 631, "This user cannot be invited."
    INVITEE_DEADLINE_PASSED = 632, "Your deadline for this calendar has passed."
    AVAILABILITIES_LISTED = 640, "Availabilities listed."
    AVAILABILITY_ADDED = 641, "Availability added."
    AVAILABILITY_ADD_FAILED = 642, "The availability could not be added."
    AVAILABILITY_RETRIEVED = 643, "Availability retrieved."
    AVAILABILITY_UPDATED = 644, "Availability updated."
    AVAILABILITY_UPDATE_FAILED = 645, "The availability could not be updated."
    AVAILABILITY_DELETED = 646, "Availability deleted."
    AVAILABILITY_NOT_FOUND = 647, "Availability not found."
    AVAILABILITY_OVERLAP = 648, "The availability overlaps another one of yours in this calendar."
    AVAILABILITY_NOT_AUTHOR = 649, "Only the author of an availability may change it."
    SCHEDULE_RETRIEVED = 650, "Schedule retrieved."
    SCHEDULE_GENERATED = 651, "Optimal schedule generated."
    SCHEDULE_SAVED = 652, "Schedule saved."
    SCHEDULE_INVALID = 653, "The schedule breaks the scheduling rules."
    SCHEDULE_CLEARED = 654, "Schedule cleared."
    SCHEDULE_STALE = 655, "The stored schedule no longer fits the availabilities or events."

    # --- 7xx jobs and locations -----------------------------------------------

    # --- 8xx support and chat -------------------------------------------------
    CONVERSATIONS_LISTED = 800, "Conversations listed."
    CONVERSATION_RETRIEVED = 801, "Conversation retrieved."
    CONVERSATION_NOT_FOUND = 802, "Conversation not found."
    CONVERSATION_FILTER_INVALID = 803, "The conversation filter is invalid."
    CONVERSATION_READ = 804, "Conversation marked as read."
    DIRECT_CONVERSATION_CREATED = 805, "Direct conversation created."
    DIRECT_CONVERSATION_RETRIEVED = 806, "Direct conversation retrieved."
    DIRECT_CONVERSATION_INVALID = 807, "Give the other user's id or email."
    DIRECT_CONVERSATION_SELF = 808, "You cannot open a direct conversation with yourself."
    DIRECT_USER_NOT_FOUND = 809, "User not found."
    CHAT_BLOCKED = 810, "One of you has blocked the other; you cannot message each other."
    MESSAGES_LISTED = 811, "Messages listed."
    MESSAGES_QUERY_INVALID = 812, "The message query is invalid."
    MESSAGE_SENT = 813, "Message sent."
    MESSAGE_SEND_FAILED = 814, "The message could not be sent."
    MESSAGE_UPDATED = 815, "Message updated."
    MESSAGE_UPDATE_FAILED = 816, "The message could not be updated."
    MESSAGE_DELETED = 817, "Message deleted."
    MESSAGE_NOT_FOUND = 818, "Message not found."
    MESSAGE_NOT_YOURS = 819, "Only the author may change this message."
    MESSAGE_GONE = 820, "This message was deleted and accepts no changes."
    CASE_CONVERSATION_CLOSED = (
        821,
        "The support case is closed; its conversation accepts no messages.",
    )
    CASES_LISTED = 830, "Support cases listed."
    CASE_OPENED = 831, "Support case opened."
    CASE_OPEN_FAILED = 832, "The support case could not be opened."
    CASE_RETRIEVED = 833, "Support case retrieved."
    CASE_NOT_FOUND = 834, "Support case not found."
    CASE_CLOSED = 835, "Support case closed."
    CASE_ALREADY_CLOSED = 836, "The support case is already closed."
    CASES_FILTER_INVALID = 837, "The support case filter is invalid."
    REPORT_CREATED = 840, "Report received."
    REPORT_INVALID = 841, "The report is invalid."
    REPORT_TARGET_NOT_FOUND = 842, "The reported object does not exist."
    REPORT_DUPLICATE = 843, "You have already reported this."
    REPORT_SELF = 844, "You cannot report yourself."
    REPORTS_LISTED = 845, "Reports listed."
    REPORTS_FILTER_INVALID = 846, "The report filter is invalid."
    REPORTS_STAFF_ONLY = 847, "Only staff may handle reports."
    REPORT_RESOLVED = 848, "Report resolved."
    REPORT_NOT_FOUND = 849, "Report not found."
    REPORT_ALREADY_RESOLVED = 850, "The report is already resolved."
    BLOCKS_LISTED = 860, "Blocked users listed."
    BLOCK_CREATED = 861, "User blocked."
    BLOCK_INVALID = 862, "Give the id of the user to block."
    BLOCK_SELF = 863, "You cannot block yourself."
    BLOCK_USER_NOT_FOUND = 864, "User not found."
    BLOCK_EXISTS = 865, "You have already blocked this user."
    BLOCK_REMOVED = 866, "User unblocked."
    BLOCK_NOT_FOUND = 867, "You have not blocked this user."

    # --- 9xx generic ----------------------------------------------------------
    OK = 900, "OK."
    CREATED = 901, "Created."
    DELETED = 902, "Deleted."
    LISTED = 903, "Listed."
    CODES_LISTED = 904, "Response codes listed."
    HEALTHY = 905, "The service is healthy."
    VALIDATION_ERROR = 910, "The request is invalid."
    MALFORMED_REQUEST = 911, "The request body could not be parsed."
    NOT_FOUND = 912, "Not found."
    PERMISSION_DENIED = 913, "You may not do this."
    METHOD_NOT_ALLOWED = 914, "This method is not allowed here."
    UNSUPPORTED_MEDIA_TYPE = 915, "Unsupported media type."
    NOT_ACCEPTABLE = 916, "The requested response format is not available."
    THROTTLED = 917, "Too many requests; try again later."
    CONFLICT = 918, "The request conflicts with the current state."
    GONE = 919, "This resource no longer accepts changes."
    PAYLOAD_TOO_LARGE = 920, "The upload is too large."
    IMAGE_INVALID = 921, "The file is not a supported image."
    IMAGE_TOO_MANY_PIXELS = 922, "The image has too many pixels."
    SERVICE_UNAVAILABLE = 998, "The service is unavailable."
    SERVER_ERROR = 999, "Something went wrong on our side."
